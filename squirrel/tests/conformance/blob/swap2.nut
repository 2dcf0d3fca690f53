// Checks: swap2() swaps the bytes of every 16-bit word
local b = blob();
b.writen(0x0102, 'w');
b.writen(0x0304, 'w');
b.swap2();
print(format("%02x %02x %02x %02x", b[0], b[1], b[2], b[3]) + "\n");
