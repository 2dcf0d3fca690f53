// Checks: a loop calling a function that loops
function inner(n) { local s = 0; for (local i = 1; i <= n; i++) s += i; return s; }
local total = 0;
for (local k = 1; k <= 4; k++) total += inner(k);
print(total + "\n");
