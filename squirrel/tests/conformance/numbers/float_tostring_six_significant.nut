// Checks: a float converts to a string with at most 6 significant digits (printf %g style)
print(3.14159265 + "\n");
print((1.0 / 3) + "\n");
print(123456.7 + "\n");
print(0.5 + "\n");
print(-2.25 + "\n");
