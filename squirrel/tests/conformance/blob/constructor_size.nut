// Checks: blob(n) creates a blob of n zero bytes
local b = blob(4);
print(b.len() + " " + b[0] + b[1] + b[2] + b[3] + "\n");
local e = blob();
print(e.len() + "\n");
