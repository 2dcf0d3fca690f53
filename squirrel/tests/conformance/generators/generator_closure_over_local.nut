// Checks: a generator defined inside a function captures that function's locals
function makeGen(prefix) {
    local g = function() { yield prefix + "1"; yield prefix + "2"; };
    return g();
}
local it = makeGen("p");
print((resume it) + " " + (resume it) + "\n");
