// Checks: | alternation
local r = regexp("cat|dog");
print(r.match("cat") + " " + r.match("dog") + " " + r.match("cow") + "\n");
