// Checks: integer.tostring() gives the decimal digits
local s = (-42).tostring();
print(typeof s + "\n");
print(s + "\n");
print(s.len() + "\n");
