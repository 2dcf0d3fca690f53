// Checks: a float index is converted to an integer
local a = [10, 20, 30];
print(a[1.0] + "\n");
