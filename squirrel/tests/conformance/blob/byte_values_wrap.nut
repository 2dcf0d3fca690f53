// Checks: writing a value above 255 with 'b' keeps the low 8 bits
local b = blob();
b.writen(0x1FF, 'b');
print(b[0] + "\n");
