// Checks: the metamethod receives the right operand, which may be a number
class N {
    v = 0;
    constructor(x) { v = x; }
    function _add(o) { return N(v + o); }
}
print((N(1) + 41).v + "\n");
