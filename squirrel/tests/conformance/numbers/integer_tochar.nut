// Checks: integer.tochar() returns a one-character string
print((65).tochar() + "\n");
print(typeof (97).tochar() + "\n");
print('z'.tochar() + "\n");
