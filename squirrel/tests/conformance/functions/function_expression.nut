// Checks: anonymous function expressions assigned to variables
local f = function(x) { return x + 1; };
print(f(1) + "\n");
print(typeof f + "\n");
