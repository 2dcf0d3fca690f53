// Checks: foreach with only a value variable over a string gives char codes
local total = 0;
foreach (c in "AB") total += c;
print(total + "\n");
