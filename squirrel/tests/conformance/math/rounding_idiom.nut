// Checks: rounding to nearest with floor(x + 0.5)
print(math.floor(2.5 + 0.5) + " " + math.floor(2.49 + 0.5) + "\n");
