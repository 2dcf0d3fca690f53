// Checks: several statements on one line separated by semicolons
local a = 1; local b = a + 1; print(b + "\n");
