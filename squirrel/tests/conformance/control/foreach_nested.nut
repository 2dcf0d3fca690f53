// Checks: nested foreach loops
local s = "";
foreach (a in [1, 2]) foreach (b in ["x", "y"]) s += a + b + " ";
print(s + "\n");
