// Checks: writen/readn with 'b' (unsigned 8-bit) and 'c' (signed 8-bit)
local b = blob();
b.writen(200, 'b');
b.writen(200, 'c');
b.seek(0);
print(b.readn('b') + " " + b.readn('c') + " " + b.len() + "\n");
