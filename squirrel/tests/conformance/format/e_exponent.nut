// Checks: %e prints scientific notation
print(format("%e", 12345.678) + "\n");
print(format("%.2e", 0.000123) + "\n");
