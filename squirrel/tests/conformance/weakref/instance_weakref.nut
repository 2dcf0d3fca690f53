// Checks: weak reference to a class instance dies with the instance
class C { v = "alive"; }
local o = C();
local w = o.weakref();
function peek(r) { return r.ref().v; }
print(peek(w) + "\n");
o = null;
print((w.ref() == null) + "\n");
