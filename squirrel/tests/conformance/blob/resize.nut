// Checks: resize() changes the length, new bytes are zero
local b = blob();
b.writestring("ab");
b.resize(4);
print(b.len() + " " + b[0] + " " + b[3] + "\n");
b.resize(1);
print(b.len() + " " + b.tostring() + "\n");
