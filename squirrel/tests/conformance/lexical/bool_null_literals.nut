// Checks: true, false and null literals
print(true + "\n");
print(false + "\n");
print(null + "\n");
