// Checks: math.floor(x).tointeger() gives an integer
local v = math.floor(7.9).tointeger();
print(v + " " + typeof v + "\n");
