// Checks: func.pcall(env, args...) calls the function like call()
function mul(a, b) { return a * b; }
print(mul.pcall(this, 6, 7) + "\n");
