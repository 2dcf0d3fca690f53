// Checks: typeof applies to an expression
print(typeof (1 + 1.5) + "\n");
print(typeof ("a" + 1) + "\n");
