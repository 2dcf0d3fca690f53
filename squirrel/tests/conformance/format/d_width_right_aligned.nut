// Checks: %5d pads on the left
print(format("[%5d]", 42) + "\n");
print(format("[%5d]", -42) + "\n");
