// Checks: date(1709251200) is 1 March 2024, month 2, yday 60 in a leap year
local d = date(1709251200);
print(d.year + " " + d.month + " " + d.day + " wday=" + d.wday + " yday=" + d.yday + "\n");
