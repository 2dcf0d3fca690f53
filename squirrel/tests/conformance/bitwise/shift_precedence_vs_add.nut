// Checks: + binds tighter than <<
print((1 << 2 + 1) + "\n");
