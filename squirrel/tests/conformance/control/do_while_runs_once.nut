// Checks: do-while runs the body at least once
local n = 0;
do { n++; } while (false);
print(n + "\n");
local m = 0;
do { m++; } while (m < 3);
print(m + "\n");
