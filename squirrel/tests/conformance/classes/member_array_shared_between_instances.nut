// Checks: an array given as a member's declared value is shared by all instances
class C { list = []; }
local a = C();
local b = C();
a.list.push(1);
print(b.list.len() + "\n");
