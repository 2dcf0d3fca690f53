// Checks: _set is called when assigning a missing member of an instance
class Store {
    log = null;
    constructor() { log = []; }
    function _set(key, val) { log.push(key + "=" + val); }
}
local s = Store();
s.a = 1;
s.b = "x";
foreach (e in s.log) print(e + " ");
print("\n");
