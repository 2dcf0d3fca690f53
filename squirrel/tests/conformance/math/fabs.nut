// Checks: math.fabs of floats
print(math.fabs(-2.5) + " " + math.fabs(1.25) + "\n");
