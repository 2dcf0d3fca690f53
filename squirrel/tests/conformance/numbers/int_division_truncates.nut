// Checks: integer division truncates toward zero
print((7 / 2) + "\n");
print((-7 / 2) + "\n");
print((7 / -2) + "\n");
print((-7 / -2) + "\n");
