// Checks: resize() to a smaller size drops the tail
local a = [1, 2, 3, 4];
a.resize(2);
print(a.len() + " " + a[1] + "\n");
