// Checks: %10s and %-10s pad strings right- and left-aligned
print(format("[%6s]", "abc") + "\n");
print(format("[%-6s]", "abc") + "\n");
