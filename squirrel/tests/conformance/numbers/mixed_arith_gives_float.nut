// Checks: an arithmetic operation with one float operand gives a float
print(typeof (1 + 2.0) + "\n");
print(typeof (2.0 * 3) + "\n");
print(typeof (7 / 2.0) + "\n");
print((7 / 2.0) + "\n");
print(typeof (1 + 2) + "\n");
