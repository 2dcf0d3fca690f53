// Checks: clone of an array is a new array with the same elements
local a = [1, 2, 3];
local b = clone a;
b[0] = 100;
print(a[0] + " " + b[0] + " " + (a == b) + "\n");
