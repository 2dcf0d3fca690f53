// Checks: _get is called for a missing member of an instance
class Dyn {
    function _get(key) { return "dyn_" + key; }
}
local d = Dyn();
print(d.anything + "\n");
print(d["other"] + "\n");
