// Checks: pop() removes and returns the last element
local a = [1, 2, 3];
local v = a.pop();
print(v + " " + a.len() + "\n");
