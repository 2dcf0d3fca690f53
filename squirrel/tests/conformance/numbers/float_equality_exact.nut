// Checks: 0.5 + 0.25 is exactly 0.75 in binary floating point
print((0.5 + 0.25 == 0.75) + "\n");
