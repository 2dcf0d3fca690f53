// Checks: swapping two integers with xor
local a = 12, b = 34;
a = a ^ b; b = a ^ b; a = a ^ b;
print(a + " " + b + "\n");
