// Checks: typeof returns a string that can be compared
local x = 3;
if (typeof x == "integer") print("is integer\n");
print(typeof typeof x + "\n");
