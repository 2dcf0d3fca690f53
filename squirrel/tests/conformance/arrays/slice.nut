// Checks: slice(start, end) returns a new array; negative indices count from the end
local a = [0, 1, 2, 3, 4];
local s1 = a.slice(1, 3);
local s2 = a.slice(-2);
local s3 = a.slice(0, -3);
foreach (v in s1) print(v); print(" ");
foreach (v in s2) print(v); print(" ");
foreach (v in s3) print(v); print("\n");
print(a.len() + "\n");
