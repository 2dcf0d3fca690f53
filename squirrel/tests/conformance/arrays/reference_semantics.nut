// Checks: arrays are passed by reference
local a = [1];
local b = a;
b.push(2);
print(a.len() + "\n");
function addOne(arr) { arr.push(0); }
addOne(a);
print(a.len() + "\n");
