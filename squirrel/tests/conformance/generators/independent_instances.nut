// Checks: each call of a generator function makes an independent generator
function count() { local i = 0; while (true) yield i++; }
local a = count();
local b = count();
resume a; resume a;
print((resume a) + " " + (resume b) + "\n");
