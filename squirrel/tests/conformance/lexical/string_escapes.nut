// Checks: escapes in string literals: \n \t \\ \" \' \x
print("a\tb\n");
print("quote:\" backslash:\\ apos:\'\n");
print("\x41\x42C\n");
print("line1\nline2\n");
