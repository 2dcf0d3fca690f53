// Checks: an anonymous function is named "unknown" in the trace
local f = function() {
    throw "anon";
};
f();
