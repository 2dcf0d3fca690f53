// Checks: split() breaks a string at a separator character
local parts = split("a,b,c", ",");
print(parts.len() + "\n");
foreach (p in parts) print(p + "\n");
