// Checks: instanceof is true for the class and its bases
class A {}
class B extends A {}
class C {}
local b = B();
print((b instanceof B) + " " + (b instanceof A) + " " + (b instanceof C) + "\n");
