// Checks: apply(func) replaces each element in place with func(element)
local a = [1, 2, 3];
a.apply(function(v) { return v * v; });
foreach (v in a) print(v + " ");
print("\n");
