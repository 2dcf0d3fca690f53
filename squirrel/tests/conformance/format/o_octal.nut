// Checks: %o prints octal
print(format("%o", 8) + "\n");
print(format("%o", 511) + "\n");
