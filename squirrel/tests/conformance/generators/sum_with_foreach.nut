// Checks: consuming a finite generator to sum its values
function squares(n) { for (local i = 1; i <= n; i++) yield i * i; }
local sum = 0;
foreach (v in squares(4)) sum += v;
print(sum + "\n");
