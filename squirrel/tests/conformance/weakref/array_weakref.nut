// Checks: weak references to arrays
local a = [1, 2];
local w = a.weakref();
function size(r) { return r.ref().len(); }
print(size(w) + "\n");
a = null;
print(w.ref() + "\n");
