// Checks: calling the result of a call directly
function make() { return function(a) { return a + 1; }; }
print(make()(41) + "\n");
