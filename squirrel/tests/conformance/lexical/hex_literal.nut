// Checks: hexadecimal integer literals
print(0xFF + "\n");
print(0x10 + "\n");
print(0xabcdef + "\n");
print(typeof 0x1F + "\n");
