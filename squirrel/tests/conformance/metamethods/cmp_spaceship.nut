// Checks: <=> on instances uses _cmp
class W {
    w = 0;
    constructor(x) { w = x; }
    function _cmp(o) { return w - o.w; }
}
print(((W(1) <=> W(5)) < 0) + "\n");
