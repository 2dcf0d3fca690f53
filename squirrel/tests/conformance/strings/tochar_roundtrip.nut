// Checks: building a string from character codes
local codes = [72, 105, 33];
local s = "";
foreach (c in codes) s += c.tochar();
print(s + "\n");
