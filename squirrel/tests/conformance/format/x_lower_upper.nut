// Checks: %x and %X print hexadecimal in lower and upper case
print(format("%x", 255) + "\n");
print(format("%X", 255) + "\n");
print(format("%x", 3054) + "\n");
