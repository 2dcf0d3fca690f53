// Checks: math.sqrt returns a float
print(math.sqrt(16) + " " + math.sqrt(2) + " " + typeof math.sqrt(16) + "\n");
