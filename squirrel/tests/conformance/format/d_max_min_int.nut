// Checks: %d prints the extreme 32-bit integers
print(format("%d", 2147483647) + "\n");
print(format("%d", -2147483647 - 1) + "\n");
