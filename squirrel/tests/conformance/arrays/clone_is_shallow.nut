// Checks: clone copies the array but not nested arrays
local a = [[1], 2];
local c = clone a;
c.push(3);
c[0].push(9);
c[1] = 20;
print(a.len() + " " + a[0].len() + " " + a[1] + "\n");
