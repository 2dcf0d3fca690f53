// Checks: \x hex escapes in strings
print("\x7A\x79" + "\n");
print("\x30\x31" + "\n");
