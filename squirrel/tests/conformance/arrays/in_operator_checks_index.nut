// Checks: `in` on an array tests for an index, not a value
local a = ["x", "y"];
print((0 in a) + " " + (1 in a) + " " + (2 in a) + "\n");
