// Checks: a weak reference stays valid while another strong reference exists
local t = {};
local keep = t;
local w = t.weakref();
t = null;
print((w.ref() != null) + "\n");
keep = null;
print((w.ref() == null) + "\n");
