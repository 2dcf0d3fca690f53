// Checks: moderately deep recursion (1000 levels) works
function depth(n) { return n == 0 ? 0 : 1 + depth(n - 1); }
print(depth(1000) + "\n");
