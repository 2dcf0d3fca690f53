// Checks: typeof a built-in function is "function"
print(typeof print + "\n");
print(typeof format + "\n");
