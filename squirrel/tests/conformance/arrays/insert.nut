// Checks: insert(idx, val) inserts before idx
local a = [1, 2, 4];
a.insert(2, 3);
a.insert(0, 0);
a.insert(a.len(), 5);
foreach (v in a) print(v);
print("\n");
