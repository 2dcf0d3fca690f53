// Checks: math.PI is a float close to 3.14159
print(math.PI + " " + typeof math.PI + "\n");
print(format("%.4f", math.PI) + "\n");
