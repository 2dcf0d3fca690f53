// Checks: `in` tests whether a key exists
local t = { a = null, b = 0 };
print(("a" in t) + "\n");
print(("b" in t) + "\n");
print(("c" in t) + "\n");
