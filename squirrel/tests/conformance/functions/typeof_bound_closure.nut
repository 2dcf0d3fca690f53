// Checks: typeof a closure and of a bound closure is "function"
local f = function() {};
print(typeof f + " " + typeof f.bindenv({}) + "\n");
