// Checks: assigning to a parameter does not change the caller's variable
function change(x) { x = 100; return x; }
local a = 1;
change(a);
print(a + "\n");
