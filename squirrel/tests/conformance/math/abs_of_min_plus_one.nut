// Checks: math.abs of a large negative integer
print(math.abs(-2147483647) + "\n");
