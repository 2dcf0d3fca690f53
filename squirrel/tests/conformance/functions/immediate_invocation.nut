// Checks: a function expression can be called immediately
print((function(x) { return x * 2; })(8) + "\n");
