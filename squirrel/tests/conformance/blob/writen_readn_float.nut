// Checks: 'f' stores a 32-bit float in 4 bytes
local b = blob();
b.writen(1.5, 'f');
b.seek(0);
local f = b.readn('f');
print(f + " " + typeof f + " " + b.len() + "\n");
