// Checks: date() fields are integers within their documented ranges
local d = date();
local ok = typeof d.sec == "integer" && d.sec >= 0 && d.sec <= 59
    && d.min >= 0 && d.min <= 59 && d.hour >= 0 && d.hour <= 23
    && d.day >= 1 && d.day <= 31 && d.month >= 0 && d.month <= 11
    && d.wday >= 0 && d.wday <= 6 && d.yday >= 0 && d.yday <= 365;
print(ok + "\n");
