// Checks: asin, acos, atan
print(format("%.4f %.4f %.4f", math.asin(1), math.acos(1), math.atan(1)) + "\n");
