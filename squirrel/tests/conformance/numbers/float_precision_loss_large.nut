// Checks: a large float keeps about 7 significant digits (single precision)
local f = 123456789.0;
print(f.tointeger() + "\n");
