// Checks: float.tochar() truncates the float and returns that character (float.tochar page)
print(65.9.tochar() + "\n");
