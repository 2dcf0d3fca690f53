// Checks: typeof [] is "array"
print(typeof [] + "\n");
