// Checks: map(func) returns a new array of func(element)
local a = [1, 2, 3];
local b = a.map(function(v) { return v * 10; });
foreach (v in b) print(v + " ");
print(a[0] + "\n");
