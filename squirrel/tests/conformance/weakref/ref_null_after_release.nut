// Checks: once the last strong reference is gone, ref() returns null immediately
local t = { v = 1 };
local w = t.weakref();
t = null;
print((w.ref() == null) + "\n");
