// Checks: clone of an array of tables copies references to the same tables
local a = [{ v = 1 }];
local b = clone a;
b[0].v = 2;
print(a[0].v + "\n");
