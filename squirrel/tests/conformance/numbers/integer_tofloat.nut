// Checks: integer.tofloat() returns a float of the same value
local i = 7;
local f = i.tofloat();
print(typeof f + "\n");
print((f / 2) + "\n");
