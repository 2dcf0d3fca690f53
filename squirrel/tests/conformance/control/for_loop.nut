// Checks: for loops with init, condition and step
local s = "";
for (local i = 0; i < 5; i++) s += i;
print(s + "\n");
