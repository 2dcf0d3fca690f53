// Checks: date(946684800) is Saturday 1 January 2000: month 0 = January, wday 6 = Saturday, yday 0
local d = date(946684800);
print(d.year + " " + d.month + " " + d.day + " " + d.hour + ":" + d.min + ":" + d.sec + " wday=" + d.wday + " yday=" + d.yday + "\n");
