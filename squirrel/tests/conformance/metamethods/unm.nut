// Checks: _unm implements unary minus
class N {
    v = 0;
    constructor(x) { v = x; }
    function _unm() { return N(-v); }
}
print((-N(5)).v + "\n");
