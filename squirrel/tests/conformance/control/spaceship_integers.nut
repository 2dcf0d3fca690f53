// Checks: <=> returns -1, 0 or 1 for integers
print((1 <=> 2) + " " + (2 <=> 2) + " " + (3 <=> 2) + "\n");
