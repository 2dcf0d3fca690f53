// Checks: == on instances compares identity even when _cmp says equal
class W {
    function _cmp(o) { return 0; }
}
local a = W();
local b = W();
print((a == b) + " " + (a <= b) + "\n");
