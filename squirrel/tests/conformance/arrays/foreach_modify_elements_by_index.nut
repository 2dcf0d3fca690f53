// Checks: assigning through the index inside foreach changes the array
local a = [1, 2, 3];
foreach (i, v in a) a[i] = v * 2;
foreach (v in a) print(v);
print("\n");
