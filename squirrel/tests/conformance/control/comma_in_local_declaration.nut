// Checks: several locals in one declaration
local a = 1, b = 2, c;
print(a + " " + b + " " + c + "\n");
