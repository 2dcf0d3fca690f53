// Checks: writestring writes the bytes without a terminator; readstring(n) reads n bytes
local b = blob();
b.writestring("hello");
print(b.len() + "\n");
b.seek(0);
print(b.readstring(3) + "|" + b.readstring(2) + "\n");
