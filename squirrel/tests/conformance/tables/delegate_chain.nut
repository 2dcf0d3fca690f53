// Checks: lookups follow a chain of delegates
local a = { deep = "A" };
local b = {};
b.setdelegate(a);
local c = {};
c.setdelegate(b);
print(c.deep + "\n");
