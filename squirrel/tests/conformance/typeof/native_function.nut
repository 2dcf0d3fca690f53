// Checks: typeof of built-in functions and delegate methods
print(typeof print + "\n");
print(typeof [].push + "\n");
