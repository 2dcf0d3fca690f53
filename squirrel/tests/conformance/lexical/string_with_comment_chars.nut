// Checks: comment markers inside a string literal are not comments
print("// not a comment\n");
print("/* nor this */\n");
print("# nor this\n");
