// Checks: format %d and %i print decimal integers (format page)
print(format("%d", 42) + "\n");
print(format("%i", -7) + "\n");
print(format("%d items", 3) + "\n");
