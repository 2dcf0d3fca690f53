// Checks: %c prints the character with the given code
print(format("%c%c%c", 72, 105, 33) + "\n");
print(format("[%c]", 'x') + "\n");
