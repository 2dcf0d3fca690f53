// Checks: _call makes an instance callable; the first parameter is the caller's this
class Mult {
    k = 0;
    constructor(x) { k = x; }
    function _call(original_this, a) { return a * k; }
}
local triple = Mult(3);
print(triple(14) + "\n");
