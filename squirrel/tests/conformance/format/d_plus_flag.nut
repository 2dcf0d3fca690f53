// Checks: %+d always prints a sign
print(format("%+d", 5) + "\n");
print(format("%+d", -5) + "\n");
