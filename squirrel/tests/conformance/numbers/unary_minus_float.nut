// Checks: unary minus on floats and integers
local f = 2.5;
local i = 3;
print((-f) + "\n");
print((-i) + "\n");
print(typeof (-f) + "\n");
