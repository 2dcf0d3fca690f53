// Checks: a function without a return statement returns null
function nothing() { local x = 1; }
print(nothing() + "\n");
