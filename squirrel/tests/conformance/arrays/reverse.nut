// Checks: reverse() reverses in place
local a = [1, 2, 3, 4];
a.reverse();
foreach (v in a) print(v);
print("\n");
