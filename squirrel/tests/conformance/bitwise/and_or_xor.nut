// Checks: & | ^ on integers
print((5 & 3) + " " + (5 | 3) + " " + (5 ^ 3) + "\n");
print((0x0F & 0xF0) + " " + (0x0F | 0xF0) + "\n");
