// Checks: b[i] reads a byte as an integer and b[i] = v writes one
local b = blob(3);
b[0] = 65;
b[1] = 66;
b[2] = 67;
print(b[1] + " " + b.tostring() + "\n");
