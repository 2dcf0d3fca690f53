// Checks: yield with no value produces null
function g() { yield; yield 2; }
local it = g();
print((resume it) + " " + (resume it) + "\n");
