// Checks: negative slice indices count from the end of the string
local s = "Hello World";
print(s.slice(-5) + "\n");
print(s.slice(0, -6) + "\n");
print(s.slice(-5, -2) + "\n");
