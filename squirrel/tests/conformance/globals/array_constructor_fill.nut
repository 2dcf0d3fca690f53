// Checks: array(n, fill) creates an array of n copies of fill
local a = array(4, 7);
local s = 0;
foreach (v in a) s += v;
print(a.len() + " " + s + "\n");
