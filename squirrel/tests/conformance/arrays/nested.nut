// Checks: arrays of arrays
local m = [[1, 2], [3, 4]];
print(m[1][0] + "\n");
m[0][1] = 5;
print((m[0][0] + m[0][1]) + "\n");
