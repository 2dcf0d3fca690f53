// Checks: prefix and postfix ++ and -- return the right values
local a = 5;
print((a++) + "\n");
print(a + "\n");
print((++a) + "\n");
print((a--) + "\n");
print((--a) + "\n");
