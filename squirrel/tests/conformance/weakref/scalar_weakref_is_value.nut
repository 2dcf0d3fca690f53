// Checks: weakref() of an integer returns the integer itself
local n = 5;
print(n.weakref() + "\n");
