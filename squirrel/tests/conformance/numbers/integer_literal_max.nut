// Checks: the largest 32-bit integer literal
local m = 2147483647;
print(m + " " + (m - 1) + "\n");
