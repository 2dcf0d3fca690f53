// Checks: masking the low byte of a negative number
print((-2 & 0xFF) + " " + ((-2 >>> 24) & 0xFF) + "\n");
