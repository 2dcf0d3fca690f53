// Checks: a closure reads a local of its enclosing function
function makeAdder(n) {
    return function(x) { return x + n; };
}
local add5 = makeAdder(5);
print(add5(10) + "\n");
