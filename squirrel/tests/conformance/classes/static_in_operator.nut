// Checks: `in` finds static members on the class
class C { static S = 1; }
print(("S" in C) + "\n");
