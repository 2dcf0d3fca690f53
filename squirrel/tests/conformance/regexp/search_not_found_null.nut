// Checks: regexp.search() returns null when there is no match
local r = regexp("xyz");
print((r.search("abcdef") == null) + "\n");
