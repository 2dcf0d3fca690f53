// Checks: split() returns an array of strings that can be converted
local parts = split("10:20:30", ":");
local sum = 0;
foreach (p in parts) sum += p.tointeger();
print(typeof parts + " " + typeof parts[0] + " " + sum + "\n");
