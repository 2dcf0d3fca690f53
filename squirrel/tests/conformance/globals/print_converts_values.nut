// Checks: print() accepts integers, floats, bools and null
print(1); print(" ");
print(2.5); print(" ");
print(true); print(" ");
print(null); print("\n");
