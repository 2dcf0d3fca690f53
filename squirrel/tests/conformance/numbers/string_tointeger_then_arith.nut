// Checks: numbers parsed from strings behave as integers
local total = 0;
foreach (s in ["1", "20", "-3"]) total += s.tointeger();
print(total + "\n");
