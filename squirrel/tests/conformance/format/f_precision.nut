// Checks: %.1f, %.2f and %.0f round to the given number of decimals
print(format("%.1f", 3.14159) + "\n");
print(format("%.2f", 2.5) + "\n");
print(format("%.3f", 3.14159) + "\n");
print(format("%.0f", 7.25) + "\n");
