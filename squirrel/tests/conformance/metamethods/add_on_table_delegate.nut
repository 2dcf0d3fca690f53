// Checks: arithmetic metamethods work for tables through their delegate
local proto = { _add = function(o) { return this.v + o.v; } };
local a = { v = 2 };
local b = { v = 3 };
a.setdelegate(proto);
print((a + b) + "\n");
