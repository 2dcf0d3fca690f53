// Checks: sort() without arguments sorts ascending
local a = [5, 3, 9, 1, 7];
a.sort();
foreach (v in a) print(v + " ");
print("\n");
