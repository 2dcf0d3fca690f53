// Checks: _cmp drives <, >, <= and >=
class W {
    w = 0;
    constructor(x) { w = x; }
    function _cmp(o) {
        if (w < o.w) return -1;
        if (w > o.w) return 1;
        return 0;
    }
}
local a = W(1);
local b = W(2);
print((a < b) + " " + (a > b) + " " + (a <= b) + " " + (b >= a) + " " + (a <= W(1)) + "\n");
