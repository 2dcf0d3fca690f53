// Checks: base calls chain through several levels
class A { function name() { return "A"; } }
class B extends A { function name() { return "B" + base.name(); } }
class C extends B { function name() { return "C" + base.name(); } }
print(C().name() + "\n");
