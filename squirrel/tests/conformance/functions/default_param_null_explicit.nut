// Checks: passing null explicitly does not trigger the default value
function f(a = 5) { return a; }
print(f(null) + "\n");
print(f() + "\n");
