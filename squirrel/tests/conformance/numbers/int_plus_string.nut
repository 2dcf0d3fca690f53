// Checks: integer + string concatenates, with the integer converted to text
print((1 + "a") + "\n");
print(("a" + 1) + "\n");
print((1 + 2 + "x") + "\n");
print(("x" + 1 + 2) + "\n");
