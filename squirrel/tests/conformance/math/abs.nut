// Checks: math.abs of integers
print(math.abs(-5) + " " + math.abs(5) + " " + math.abs(0) + "\n");
