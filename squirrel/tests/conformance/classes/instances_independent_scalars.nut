// Checks: scalar members are per instance
class C { v = 0; }
local a = C();
local b = C();
a.v = 5;
print(a.v + " " + b.v + "\n");
