// Checks: 'i' is a 32-bit integer
local b = blob();
b.writen(-123456789, 'i');
b.writen(0x7FFFFFFF, 'i');
b.seek(0);
print(b.readn('i') + " " + b.readn('i') + " " + b.len() + "\n");
