// Checks: integer modulo truncates toward zero (result has the dividend's sign)
print((7 % 2) + "\n");
print((-7 % 2) + "\n");
print((7 % -2) + "\n");
print((-7 % -2) + "\n");
print((6 % 3) + "\n");
