// Checks: _cloned is called on the new instance with the original as argument
class C {
    id = 0;
    copies = 0;
    constructor(i) { id = i; }
    function _cloned(orig) { id = orig.id + 100; }
}
local a = C(1);
local b = clone a;
print(a.id + " " + b.id + "\n");
