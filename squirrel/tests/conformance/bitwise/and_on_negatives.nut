// Checks: & and | on negative numbers use two's complement
print((-1 & 0xFF) + " " + (-256 | 0x0F) + " " + (-8 ^ 1) + "\n");
