// Checks: regexp.search(str, start) starts looking at start
local r = regexp("ab");
local m = r.search("abab", 1);
print(m.begin + " " + m.end + "\n");
