// Checks: remove(idx) removes and returns the element at idx
local a = ["a", "b", "c"];
local r = a.remove(1);
print(r + " " + a.len() + " " + a[0] + a[1] + "\n");
