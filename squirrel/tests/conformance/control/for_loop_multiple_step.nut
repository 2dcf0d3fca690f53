// Checks: comma expressions in a for loop step
local s = "";
for (local i = 0, j = 10; i < 3; i++, j--) s += i + ":" + j + " ";
print(s + "\n");
