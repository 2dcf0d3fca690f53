// Checks: a comparator can sort strings by length
local a = ["ccc", "a", "bb"];
a.sort(@(x, y) x.len() <=> y.len());
foreach (v in a) print(v + " ");
print("\n");
