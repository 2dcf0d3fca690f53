// Checks: escape sequences count as single characters
print("\t\n\\\"".len() + "\n");
print("\x41\x42".len() + "\n");
