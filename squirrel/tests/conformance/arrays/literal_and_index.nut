// Checks: array literals and zero-based indexing
local a = [10, 20, 30];
print(a[0] + " " + a[2] + " " + a.len() + "\n");
