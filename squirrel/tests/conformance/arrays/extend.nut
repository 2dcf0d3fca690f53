// Checks: extend() appends every element of another array
local a = [1, 2];
a.extend([3, 4]);
print(a.len() + "\n");
foreach (v in a) print(v);
print("\n");
