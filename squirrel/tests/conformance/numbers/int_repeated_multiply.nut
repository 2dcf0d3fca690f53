// Checks: integer arithmetic stays integer through long expressions
local x = 1;
for (local i = 0; i < 10; i++) x = x * 3;
print(x + "\n");
