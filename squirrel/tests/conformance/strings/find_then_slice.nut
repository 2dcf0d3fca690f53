// Checks: splitting a key=value pair with find and slice
local s = "name=imp";
local i = s.find("=");
print(s.slice(0, i) + "|" + s.slice(i + 1) + "\n");
