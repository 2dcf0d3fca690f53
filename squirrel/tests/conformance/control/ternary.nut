// Checks: the ?: operator
local x = 5;
print((x > 3 ? "big" : "small") + "\n");
print((x > 10 ? "big" : "small") + "\n");
print((null ? 1 : 2) + "\n");
