// Checks: an uncaught runtime error reports its message and line
local t = {};
print("start\n");
t.x = 1;
