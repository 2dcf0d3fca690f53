// Checks: comparing floats with a tolerance
local a = 0.1 + 0.2;
print((math.fabs(a - 0.3) < 0.0001) + "\n");
