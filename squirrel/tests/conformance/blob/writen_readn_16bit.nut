// Checks: 's' is signed 16-bit and 'w' unsigned 16-bit
local b = blob();
b.writen(-2, 's');
b.seek(0);
print(b.readn('s') + "\n");
b.seek(0);
print(b.readn('w') + " " + b.len() + "\n");
