// Checks: a missing ) is reported as "expected ')'"
print("never\n");
print("a";
