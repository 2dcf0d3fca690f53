// Checks: table.clear() removes every slot
local t = { a = 1, b = 2 };
t.clear();
print(t.len() + "\n");
print(("a" in t) + "\n");
