// Checks: _tostring controls how an instance converts to a string
class V {
    x = 0;
    constructor(v) { x = v; }
    function _tostring() { return "V(" + x + ")"; }
}
local v = V(3);
print(v + "\n");
print(v.tostring() + "\n");
print("value: " + v + "\n");
