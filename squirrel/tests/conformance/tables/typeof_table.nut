// Checks: typeof {} is "table"
print(typeof {} + "\n");
