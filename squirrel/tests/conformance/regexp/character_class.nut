// Checks: [] character classes with ranges
local r = regexp("[a-c]+");
print(r.match("abcabc") + " " + r.match("abd") + "\n");
