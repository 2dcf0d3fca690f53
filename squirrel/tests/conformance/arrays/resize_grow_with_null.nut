// Checks: resize() to a larger size fills with null
local a = [1];
a.resize(3);
print(a.len() + " " + a[1] + " " + a[2] + "\n");
