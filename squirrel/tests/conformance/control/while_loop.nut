// Checks: while loops
local i = 0;
local s = 0;
while (i < 5) { s += i; i++; }
print(s + "\n");
