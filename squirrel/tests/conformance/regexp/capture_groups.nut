// Checks: regexp.capture() returns the whole match then each group as begin/end tables
local s = "mail bob@host now";
local r = regexp("(\\w+)@(\\w+)");
local caps = r.capture(s);
print(caps.len() + "\n");
foreach (i, c in caps) print(i + ": " + c.begin + "-" + c.end + " " + s.slice(c.begin, c.end) + "\n");
