// Checks: declaring and calling a function with a return value
function add(a, b) { return a + b; }
print(add(2, 3) + "\n");
