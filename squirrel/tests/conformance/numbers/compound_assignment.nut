// Checks: += -= *= /= %= operators
local a = 10;
a += 5; print(a + "\n");
a -= 3; print(a + "\n");
a *= 2; print(a + "\n");
a /= 5; print(a + "\n");
a %= 3; print(a + "\n");
