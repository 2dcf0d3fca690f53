// Checks: %g chooses fixed or exponent notation
print(format("%g", 0.0001) + "\n");
print(format("%g", 0.00001) + "\n");
print(format("%g", 123456789.0) + "\n");
print(format("%.3g", 3.14159) + "\n");
