// Checks: two distinct tables with equal contents are not ==
local a = { x = 1 };
local b = { x = 1 };
print((a == b) + "\n");
print((a == a) + "\n");
