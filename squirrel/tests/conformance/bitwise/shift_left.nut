// Checks: << shifts left and wraps into the sign bit at 32 bits
print((1 << 4) + " " + (3 << 2) + " " + (1 << 31) + "\n");
