// Checks: dividing two integers gives an integer, even when inexact
local r = 10 / 4;
print(r + " " + typeof r + "\n");
