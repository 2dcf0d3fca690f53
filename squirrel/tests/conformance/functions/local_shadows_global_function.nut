// Checks: a local variable can shadow a global function name
function helper() { return "global"; }
function test() {
    local helper = function() { return "local"; };
    return helper();
}
print(test() + " " + helper() + "\n");
