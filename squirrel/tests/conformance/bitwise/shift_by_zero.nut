// Checks: shifting by zero leaves the value unchanged
print((5 << 0) + " " + (-5 >> 0) + " " + (5 >>> 0) + "\n");
