// Checks: writing past the end grows the blob
local b = blob(2);
b.seek(0, 'e');
b.writen(1, 'i');
print(b.len() + "\n");
