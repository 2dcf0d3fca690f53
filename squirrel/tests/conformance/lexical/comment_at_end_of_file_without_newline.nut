// Checks: a program may end with a line comment
print("ok\n");
// last line
