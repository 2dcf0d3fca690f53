// Checks: date(1234567890) is 2009-02-13 23:31:30 UTC, a Friday
local d = date(1234567890);
print(format("%04d-%02d-%02d %02d:%02d:%02d wday=%d yday=%d", d.year, d.month + 1, d.day, d.hour, d.min, d.sec, d.wday, d.yday) + "\n");
print(d.time + "\n");
