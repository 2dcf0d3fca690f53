// Checks: @(params) expr lambda expressions
local double = @(x) x * 2;
local add = @(a, b) a + b;
print(double(21) + " " + add(1, 2) + "\n");
