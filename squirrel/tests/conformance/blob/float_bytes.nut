// Checks: the bytes of 1.0 as a little-endian IEEE 754 single
local b = blob();
b.writen(1.0, 'f');
print(format("%02x%02x%02x%02x", b[0], b[1], b[2], b[3]) + "\n");
