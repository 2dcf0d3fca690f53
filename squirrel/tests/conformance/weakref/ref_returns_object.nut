// Checks: weakref().ref() returns the object while it is alive
local t = { v = 1 };
local w = t.weakref();
print(w.ref().v + "\n");
print((w.ref() == t) + "\n");
