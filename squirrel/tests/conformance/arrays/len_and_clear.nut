// Checks: len() and clear()
local a = [1, 2, 3];
print(a.len() + "\n");
a.clear();
print(a.len() + "\n");
