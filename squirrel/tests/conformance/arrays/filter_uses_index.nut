// Checks: filter passes the index as the first argument
local a = ["a", "b", "c", "d"];
local r = a.filter(function(i, v) { return i >= 2; });
foreach (v in r) print(v);
print("\n");
