// Checks: filter(func(index, value)) keeps elements for which func returns true
local a = [1, 2, 3, 4, 5, 6];
local even = a.filter(function(idx, val) { return val % 2 == 0; });
foreach (v in even) print(v + " ");
print(a.len() + "\n");
