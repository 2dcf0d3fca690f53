// Checks: sin, cos, tan, atan2
print(math.sin(0) + " " + math.cos(0) + " " + format("%.4f", math.sin(math.PI / 2)) + "\n");
print(format("%.6f", math.atan2(1, 1)) + " " + format("%.3f", math.tan(math.PI / 4)) + "\n");
