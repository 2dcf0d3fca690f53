// Checks: float.tofloat() returns the same float
print(2.5.tofloat() + "\n");
print(typeof 2.5.tofloat() + "\n");
