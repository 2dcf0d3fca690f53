// Checks: foreach over a table visits every key/value pair once
local t = { a = 1, b = 2, c = 3 };
local keys = [];
local sum = 0;
foreach (k, v in t) { keys.push(k); sum += v; }
keys.sort();
foreach (k in keys) print(k);
print(" " + sum + "\n");
