// Checks: * / % bind tighter than + -, parentheses override
print((2 + 3 * 4) + "\n");
print(((2 + 3) * 4) + "\n");
print((10 - 4 - 3) + "\n");
print((100 / 10 / 5) + "\n");
print((2 + 10 % 4) + "\n");
