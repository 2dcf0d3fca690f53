// Checks: typeof of a string literal
print(typeof "x" + "\n");
