// Checks: %05d pads with zeros
print(format("%05d", 42) + "\n");
print(format("%03d", 7) + "\n");
