// Checks: 0xFFFFFFFF is -1 and 0x80000000 the smallest integer (32-bit integers)
print(0xFFFFFFFF + "\n");
print(0x80000000 + "\n");
print(0x7FFFFFFF + "\n");
