// Checks: building an array with foreach and push
local src = ["a", "b"];
local dst = [];
foreach (i, v in src) dst.push(i + v);
print(dst[0] + dst[1] + "\n");
