// Checks: methods are looked up on the class, shared by instances
class A { function f() { return 1; } }
local x = A();
local y = A();
print((x.f == y.f) + "\n");
