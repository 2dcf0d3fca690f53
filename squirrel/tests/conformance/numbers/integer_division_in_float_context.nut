// Checks: integer division happens before conversion when both operands are integers
local r = (7 / 2) * 1.0;
print(r + " " + typeof r + "\n");
