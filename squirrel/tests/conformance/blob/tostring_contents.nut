// Checks: blob.tostring() returns the blob's bytes as a string
local b = blob();
b.writestring("imp");
local s = b.tostring();
print(typeof s + " " + s + " " + s.len() + "\n");
