// Checks: extend() differs from push(): push adds the array as one element
local a = [1];
local b = [1];
a.extend([2, 3]);
b.push([2, 3]);
print(a.len() + " " + b.len() + " " + typeof b[1] + "\n");
