// Checks: constants inside array literals and expressions
const A = 2;
const B = 3;
local arr = [A, B, A * B];
print(arr[2] + "\n");
