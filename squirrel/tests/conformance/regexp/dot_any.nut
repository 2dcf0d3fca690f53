// Checks: . matches any character
local r = regexp("a.c");
print(r.match("abc") + " " + r.match("a-c") + " " + r.match("ac") + "\n");
