// Checks: math.pow returns a float even for integer arguments
local p = math.pow(3, 2);
print(p + " " + typeof p + "\n");
