// Checks: seek(offset, 'b'|'c'|'e') from the beginning, current position and end
local b = blob(10);
b.seek(2, 'b');
print(b.tell() + " ");
b.seek(3, 'c');
print(b.tell() + " ");
b.seek(-1, 'e');
print(b.tell() + "\n");
