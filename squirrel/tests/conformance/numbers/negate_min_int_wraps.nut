// Checks: negating the smallest integer wraps back to itself
local m = -2147483647 - 1;
print((-m) + "\n");
