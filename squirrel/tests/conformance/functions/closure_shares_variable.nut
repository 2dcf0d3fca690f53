// Checks: two closures from the same scope share the captured variable
function make() {
    local v = 0;
    return { inc = function() { v++; }, get = function() { return v; } };
}
local o = make();
o.inc(); o.inc();
print(o.get() + "\n");
