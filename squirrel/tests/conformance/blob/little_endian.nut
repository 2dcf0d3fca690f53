// Checks: multi-byte values are written little-endian
local b = blob();
b.writen(0x12345678, 'i');
print(format("%02x %02x %02x %02x", b[0], b[1], b[2], b[3]) + "\n");
