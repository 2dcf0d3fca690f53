// Checks: a default parameter may be an expression
function f(a, b = 2 * 3) { return a + b; }
print(f(1) + "\n");
