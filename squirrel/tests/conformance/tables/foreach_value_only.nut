// Checks: foreach with one variable over a table yields the values
local t = { a = 10, b = 20 };
local sum = 0;
foreach (v in t) sum += v;
print(sum + "\n");
