// Checks: foreach over an array with value only and with index and value
local a = ["x", "y"];
foreach (v in a) print(v);
foreach (i, v in a) print(i);
print("\n");
