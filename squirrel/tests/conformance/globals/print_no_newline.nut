// Checks: print() adds no newline
print("a");
print("b");
print("\n");
