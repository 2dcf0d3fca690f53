// Checks: large and small floats convert to a string in exponent form like printf %g
print(1000000.0 + "\n");
print(1.5e7 + "\n");
print(0.00001 + "\n");
print(100000.0 + "\n");
