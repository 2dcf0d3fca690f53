// Checks: date() of 29 February 2000 (a leap year)
local d = date(951782400);
print(d.year + " " + d.month + " " + d.day + " wday=" + d.wday + " yday=" + d.yday + "\n");
