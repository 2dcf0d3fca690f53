// Checks: the weak reference object itself remains a weakref after its target dies
local t = {};
local w = t.weakref();
t = null;
print(typeof w + " " + (w.ref() == null) + "\n");
