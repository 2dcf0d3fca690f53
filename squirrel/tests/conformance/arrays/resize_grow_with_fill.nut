// Checks: resize(n, fill) fills new elements with fill
local a = [1];
a.resize(3, 9);
foreach (v in a) print(v);
print("\n");
