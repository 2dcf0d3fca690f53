// Checks: calling a generator function returns a generator, not the first value
function g() { yield 5; }
local x = g();
print(typeof x + "\n");
