// Checks: += appends to a string variable
local s = "a";
s += "b";
s += 1;
s += 2.5;
print(s + "\n");
