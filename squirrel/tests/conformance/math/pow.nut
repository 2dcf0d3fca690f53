// Checks: math.pow(x, y)
print(math.pow(2, 10) + " " + math.pow(9, 0.5) + " " + math.pow(2, -1) + "\n");
