// Checks: integer.tointeger() returns the same integer
local i = 12;
print(i.tointeger() + "\n");
print(typeof i.tointeger() + "\n");
