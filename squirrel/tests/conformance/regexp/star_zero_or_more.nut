// Checks: * matches zero or more
local r = regexp("ab*c");
print(r.match("ac") + " " + r.match("abbbc") + "\n");
