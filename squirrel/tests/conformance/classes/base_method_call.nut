// Checks: base.method() calls the overridden method of the base class
class A {
    function hello() { return "A"; }
}
class B extends A {
    function hello() { return "B+" + base.hello(); }
}
print(B().hello() + "\n");
