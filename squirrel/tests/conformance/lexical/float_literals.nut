// Checks: float literals with a decimal point and with an exponent
print(typeof 1.5 + "\n");
print(1.5 + "\n");
print(1.5e3 + "\n");
print(2.5e-2 + "\n");
print(typeof 1.0e2 + "\n");
