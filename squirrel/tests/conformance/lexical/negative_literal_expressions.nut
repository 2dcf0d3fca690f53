// Checks: unary minus applied to literals
print(-5 + "\n");
print(- 5 + 3 + "\n");
print(-0x10 + "\n");
