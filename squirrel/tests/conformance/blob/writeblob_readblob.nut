// Checks: writeblob appends another blob; readblob(n) returns a new blob of n bytes
local a = blob();
a.writestring("abc");
local b = blob();
b.writestring("<");
b.writeblob(a);
b.writestring(">");
print(b.len() + "\n");
b.seek(1);
local part = b.readblob(3);
print(typeof part + " " + part.len() + " " + part.tostring() + "\n");
