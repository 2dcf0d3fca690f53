// Checks: _sub, _mul, _div and _modulo
class N {
    v = 0;
    constructor(x) { v = x; }
    function _sub(o) { return N(v - o.v); }
    function _mul(o) { return N(v * o.v); }
    function _div(o) { return N(v / o.v); }
    function _modulo(o) { return N(v % o.v); }
}
local a = N(17);
local b = N(5);
print((a - b).v + " " + (a * b).v + " " + (a / b).v + " " + (a % b).v + "\n");
