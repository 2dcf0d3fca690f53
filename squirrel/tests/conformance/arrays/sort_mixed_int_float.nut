// Checks: sort() compares integers and floats by value
local a = [3, 1.5, 2, 0.5];
a.sort();
foreach (v in a) print(v + " ");
print("\n");
