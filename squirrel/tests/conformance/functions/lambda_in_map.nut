// Checks: lambdas passed to array methods
local r = [1, 2, 3].map(@(v) v * v);
foreach (v in r) print(v + " ");
print("\n");
