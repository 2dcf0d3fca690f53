// Checks: width and alignment with %f
print(format("[%8.3f]", 3.14159) + "\n");
print(format("[%-8.2f]", 2.5) + "\n");
print(format("[%08.3f]", -3.5) + "\n");
