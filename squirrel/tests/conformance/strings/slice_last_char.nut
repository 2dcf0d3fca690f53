// Checks: slice(-1) returns the last character
print("hello".slice(-1) + " " + "hello".slice(-2, -1) + "\n");
