// Checks: >>> is a logical shift that fills with zeros, treating the value as 32-bit unsigned
print((-16 >>> 28) + " " + (-1 >>> 1) + " " + (16 >>> 2) + "\n");
