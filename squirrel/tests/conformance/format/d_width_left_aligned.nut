// Checks: %-5d pads on the right
print(format("%-5d|", 42) + "\n");
print(format("%-5d|%-3d|", 1, 22) + "\n");
