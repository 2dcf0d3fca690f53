// Checks: a closure sees assignments made to the captured local after it was created
local x = 1;
local f = function() { return x; };
x = 2;
print(f() + "\n");
