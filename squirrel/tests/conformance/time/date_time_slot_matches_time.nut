// Checks: date().time agrees with time() to within a second or two
local t = time();
local d = date();
print((d.time - t >= 0 && d.time - t <= 2) + "\n");
