// Checks: weak references to functions
local f = function() { return "alive"; };
local w = f.weakref();
function callIt(r) { return r.ref()(); }
print(callIt(w) + "\n");
f = null;
print((w.ref() == null) + "\n");
