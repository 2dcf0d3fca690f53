// Checks: date() returns a table with the documented slots (date() page)
local d = date();
local keys = ["sec", "min", "hour", "day", "month", "year", "wday", "yday", "time", "usec"];
foreach (k in keys) print(k + ":" + (k in d) + " ");
print("\n");
print(typeof d + "\n");
