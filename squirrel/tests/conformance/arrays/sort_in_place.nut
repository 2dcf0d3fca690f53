// Checks: sort() modifies the array itself
local a = [3, 2, 1];
local b = a;
a.sort();
print(b[0] + "\n");
