// Checks: tolower() leaves the original string unchanged
local s = "ABC";
local t = s.tolower();
print(s + " " + t + "\n");
