// Checks: string.tofloat() parses a float
local f = "2.5".tofloat();
print(typeof f + "\n");
print((f * 2) + "\n");
print("-0.125".tofloat() + "\n");
