// Checks: regexp2.capture() returns the whole match then the groups
local s = "key=value";
local caps = regexp2("(\\w+)=(\\w+)").capture(s);
foreach (c in caps) print(s.slice(c.begin, c.end) + " ");
print("\n");
