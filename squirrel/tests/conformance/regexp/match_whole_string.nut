// Checks: regexp.match() is true only when the expression matches the whole string (regexp.match page)
local r = regexp("a+b");
print(r.match("aaab") + " " + r.match("aaabc") + " " + r.match("xaab") + "\n");
