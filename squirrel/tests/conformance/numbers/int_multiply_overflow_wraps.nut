// Checks: multiplication wraps modulo 2^32
print((65536 * 65536) + "\n");
print((65536 * 32768) + "\n");
print((100000 * 100000) + "\n");
