// Checks: recursive functions
function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); }
print(fact(10) + "\n");
