// Checks: swap4() reverses the bytes of every 32-bit word
local b = blob();
b.writen(0x11223344, 'i');
b.swap4();
b.seek(0);
print(format("%08x", b.readn('i')) + "\n");
