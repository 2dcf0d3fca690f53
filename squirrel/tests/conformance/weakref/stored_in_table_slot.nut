// Checks: a weak reference stored in a table slot is read transparently
local obj = { name = "target" };
local holder = {};
holder.link <- obj.weakref();
print(holder.link.name + "\n");
