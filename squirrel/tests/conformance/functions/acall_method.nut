// Checks: func.acall([env, args...]) takes this and the arguments as one array
function add(a, b) { return this.base + a + b; }
print(add.acall([{ base = 100 }, 1, 2]) + "\n");
