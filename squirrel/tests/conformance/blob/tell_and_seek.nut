// Checks: tell() reports the position; seek(n) moves to an absolute position
local b = blob();
b.writen(1, 'i');
print(b.tell() + "\n");
b.seek(1);
print(b.tell() + "\n");
b.seek(0);
print(b.tell() + "\n");
