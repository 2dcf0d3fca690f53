// Checks: %f accepts an integer argument
print(format("%.2f", 3) + "\n");
