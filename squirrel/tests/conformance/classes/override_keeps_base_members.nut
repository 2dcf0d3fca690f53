// Checks: derived class adds members while keeping the base's
class A { a = 1; }
class B extends A { b = 2; }
local o = B();
print(o.a + " " + o.b + "\n");
