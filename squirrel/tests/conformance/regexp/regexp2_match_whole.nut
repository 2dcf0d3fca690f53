// Checks: regexp2.match() matches the whole string (regexp2 page)
local r = regexp2("a+b");
print(r.match("aaab") + " " + r.match("aaabc") + "\n");
