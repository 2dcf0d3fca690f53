// Checks: several trailing default parameters
function f(a, b = 2, c = 3) { return a + "," + b + "," + c; }
print(f(1) + "\n");
print(f(1, 5) + "\n");
print(f(1, 5, 6) + "\n");
