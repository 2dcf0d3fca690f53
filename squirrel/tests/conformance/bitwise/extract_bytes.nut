// Checks: extracting bytes of a 32-bit value with shifts and masks
local v = 0x12345678;
print(format("%02x %02x %02x %02x", (v >> 24) & 0xFF, (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF) + "\n");
