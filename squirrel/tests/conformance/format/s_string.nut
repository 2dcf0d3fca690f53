// Checks: %s inserts a string
print(format("Hello, %s!", "World") + "\n");
print(format("%s-%s", "a", "b") + "\n");
