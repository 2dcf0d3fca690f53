// Checks: delete removes a slot and evaluates to its value
local t = { a = 1, b = 2 };
local v = delete t.a;
print(v + "\n");
print(t.len() + "\n");
print(("a" in t) + "\n");
