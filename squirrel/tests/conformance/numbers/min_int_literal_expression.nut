// Checks: the smallest integer compares below everything else
local m = -2147483647 - 1;
print((m < -2147483647) + " " + (m < 0) + "\n");
