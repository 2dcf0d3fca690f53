// Checks: string.tostring() returns the same string
local s = "same";
print(s.tostring() + "\n");
print((s.tostring() == s) + "\n");
