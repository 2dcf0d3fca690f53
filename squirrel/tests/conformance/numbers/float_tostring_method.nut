// Checks: float.tostring() returns a string form of the float
local s = 2.75.tostring();
print(typeof s + "\n");
print(s + "\n");
