// Checks: a typical timestamp layout with zero padding
print(format("%04d-%02d-%02d %02d:%02d:%02d", 2024, 3, 7, 9, 5, 0) + "\n");
