// Checks: an error thrown inside a metamethod reaches the caller
class Bad { function _add(o) { throw "no adding"; } }
try { local r = Bad() + 1; } catch (e) { print(e + "\n"); }
