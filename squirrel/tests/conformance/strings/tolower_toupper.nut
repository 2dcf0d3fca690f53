// Checks: string.tolower() and string.toupper()
print("Hello World 123".tolower() + "\n");
print("Hello World 123".toupper() + "\n");
