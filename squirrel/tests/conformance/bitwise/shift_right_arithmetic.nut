// Checks: >> is an arithmetic shift that keeps the sign of negatives
print((16 >> 2) + " " + (-16 >> 2) + " " + (-1 >> 10) + "\n");
