// Checks: a clone is a different object from the original
local t = { a = 1 };
local c = clone t;
print((c == t) + " " + c.a + "\n");
