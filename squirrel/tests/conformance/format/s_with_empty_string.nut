// Checks: %s with an empty string
print(format("[%s]", "") + "\n");
