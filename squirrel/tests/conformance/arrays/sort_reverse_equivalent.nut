// Checks: sort then reverse gives descending order
local a = [3, 1, 2];
a.sort();
a.reverse();
print(a[0] + "" + a[1] + a[2] + "\n");
