// Checks: a float with an integral value converts to a string without a fractional part (forum: "sum = 1")
print(1.0 + "\n");
print(2.5 * 2 + "\n");
print(0.0 + "\n");
print((0.1 * 10) + "\n");
