// Checks: 0x7FFFFFFF + 1 wraps to the smallest integer
print((0x7FFFFFFF + 1) + "\n");
