// Checks: the math functions live in a global table named math
print(typeof math + "\n");
print(typeof math.sqrt + "\n");
