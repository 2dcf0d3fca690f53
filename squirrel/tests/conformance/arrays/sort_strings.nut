// Checks: sort() orders strings by character codes
local a = ["pear", "Apple", "banana", "apple"];
a.sort();
foreach (v in a) print(v + " ");
print("\n");
