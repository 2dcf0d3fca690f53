// Checks: sort(func) uses the comparison function's sign
local a = [5, 3, 9, 1, 7];
a.sort(function(x, y) { return y <=> x; });
foreach (v in a) print(v + " ");
print("\n");
