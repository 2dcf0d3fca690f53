// Checks: slice(0) returns the whole string
print("whole".slice(0) + "\n");
