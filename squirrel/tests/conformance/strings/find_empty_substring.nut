// Checks: finding the empty string returns the start index
print("abc".find("") + "\n");
