// Checks: 'd' stores a 64-bit double in 8 bytes
local b = blob();
b.writen(2.25, 'd');
b.seek(0);
print(b.readn('d') + " " + b.len() + "\n");
