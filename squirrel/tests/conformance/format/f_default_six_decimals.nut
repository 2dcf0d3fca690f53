// Checks: %f prints six decimal places by default
print(format("%f", 1.5) + "\n");
print(format("%f", 0.25) + "\n");
