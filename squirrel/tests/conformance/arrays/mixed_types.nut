// Checks: an array can hold values of different types
local a = [1, "two", 3.5, null, true];
foreach (v in a) print(typeof v + " ");
print("\n");
