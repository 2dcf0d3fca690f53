// Checks: top() returns the last element and leaves it in place
local a = [1, 2, 3];
print(a.top() + " " + a.len() + "\n");
