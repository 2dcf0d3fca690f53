// Checks: a derived class without a constructor uses the base constructor
class Base {
    v = null;
    constructor(x) { v = x * 2; }
}
class Derived extends Base {}
print(Derived(21).v + "\n");
