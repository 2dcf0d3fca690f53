// Checks: assignment yields the assigned value
local a;
local b = (a = 5) + 1;
print(a + " " + b + "\n");
