// Checks: ~ is bitwise complement on 32-bit integers
print((~5) + " " + (~0) + " " + (~-1) + "\n");
