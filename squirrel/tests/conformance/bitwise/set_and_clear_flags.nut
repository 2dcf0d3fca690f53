// Checks: setting, testing and clearing flag bits
const FLAG_A = 0x01;
const FLAG_B = 0x04;
local flags = 0;
flags = flags | FLAG_A | FLAG_B;
print(flags + " " + ((flags & FLAG_B) != 0) + "\n");
flags = flags & ~FLAG_A;
print(flags + "\n");
