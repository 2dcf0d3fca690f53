// Checks: base.x() can be called from a method other than the override
class A { function name() { return "A"; } }
class B extends A {
    function name() { return "B"; }
    function both() { return name() + base.name(); }
}
print(B().both() + "\n");
