// Checks: a 32-bit float cannot hold 16777217 exactly
local f = 16777217.0;
print(f.tointeger() + "\n");
