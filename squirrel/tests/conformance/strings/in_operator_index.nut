// Checks: `in` on a string tests whether an index exists
local s = "abc";
print((0 in s) + "\n");
print((2 in s) + "\n");
print((3 in s) + "\n");
