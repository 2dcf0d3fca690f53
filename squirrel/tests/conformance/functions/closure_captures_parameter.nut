// Checks: closures capture parameters as well as locals
function mult(k) { return @(x) x * k; }
local by3 = mult(3);
local by4 = mult(4);
print(by3(2) + " " + by4(2) + "\n");
