// Checks: instanceof on an instance of a three-level hierarchy
class A {}
class B extends A {}
class C extends B {}
local c = C();
print((c instanceof A) + " " + (c instanceof B) + " " + (c instanceof C) + " " + (B() instanceof C) + "\n");
