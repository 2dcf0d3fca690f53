// Checks: Booleans as table keys (table page example)
local aTable = {};
aTable[true] <- "YES";
aTable[false] <- "NO";
print(aTable[1 == 1] + "\n");
print(aTable[1 == 2] + "\n");
