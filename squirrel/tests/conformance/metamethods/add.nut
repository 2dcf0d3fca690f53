// Checks: _add implements + for instances
class Vec {
    x = 0; y = 0;
    constructor(a, b) { x = a; y = b; }
    function _add(o) { return Vec(x + o.x, y + o.y); }
}
local r = Vec(1, 2) + Vec(10, 20);
print(r.x + "," + r.y + "\n");
