// Checks: math.sqrt of a float argument
print(math.sqrt(6.25) + "\n");
