// Checks: sort() without a comparator uses _cmp on instances
class W {
    w = 0;
    constructor(x) { w = x; }
    function _cmp(o) { return w <=> o.w; }
}
local arr = [W(3), W(1), W(2)];
arr.sort();
foreach (x in arr) print(x.w);
print("\n");
