// Checks: %x of a negative integer prints its 32-bit two's complement
print(format("%x", -1) + "\n");
print(format("%X", -256) + "\n");
