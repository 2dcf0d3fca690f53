// Checks: integers are 32-bit and wrap around on overflow (two's complement)
local big = 2147483647;
print((big + 1) + "\n");
print((big + 1 == -2147483648) + "\n");
