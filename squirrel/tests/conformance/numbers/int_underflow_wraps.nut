// Checks: subtracting below the smallest integer wraps to the largest
local small = -2147483647 - 1;
print(small + "\n");
print((small - 1) + "\n");
