// Checks: listing a table's keys in sorted order (iteration order is not specified)
local t = { zeta = 1, alpha = 2, mid = 3 };
local keys = [];
foreach (k, v in t) keys.push(k);
keys.sort();
print(keys[0] + "," + keys[1] + "," + keys[2] + "\n");
