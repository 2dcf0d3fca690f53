// Checks: date() without an argument describes the current time (same as date(time()))
local t = time();
local a = date(t);
local b = date();
print((a.year == b.year && a.month == b.month) + "\n");
