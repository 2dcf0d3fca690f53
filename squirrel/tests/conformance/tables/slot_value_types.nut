// Checks: slots can hold every type
local t = { i = 1, f = 1.5, s = "s", b = false, n = null, a = [], t = {}, fn = function() {} };
local names = ["i", "f", "s", "b", "n", "a", "t", "fn"];
foreach (k in names) print(typeof t[k] + " ");
print("\n");
