// Checks: array(n) creates an array of n nulls
local a = array(3);
print(a.len() + "\n");
print(a[0] + " " + a[2] + "\n");
