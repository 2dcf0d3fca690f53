// Checks: base.constructor(...) runs the base class constructor
class Base {
    id = null;
    constructor(i) { id = i; }
}
class Derived extends Base {
    extra = null;
    constructor(i, e) {
        base.constructor(i);
        extra = e;
    }
}
local d = Derived(7, "x");
print(d.id + " " + d.extra + "\n");
