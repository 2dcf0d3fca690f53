// Checks: a plain call f() passes the caller's this as the callee's this
local obj = {
    name = "obj",
    function outer() {
        local inner = function() { return this.name; };
        return inner();
    }
};
print(obj.outer() + "\n");
