// Checks: find(value) returns the index of the first match or null
local a = ["x", "y", "z", "y"];
print(a.find("y") + "\n");
print((a.find("q") == null) + "\n");
print([1, 2, 3].find(3) + "\n");
