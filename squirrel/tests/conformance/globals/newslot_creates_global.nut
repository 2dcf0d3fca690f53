// Checks: <- at the top level creates a global visible inside functions
greeting <- "hi";
function say() { return greeting; }
print(say() + "\n");
