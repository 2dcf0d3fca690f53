// Checks: reduce(func(prev, cur)) folds the array from the left
local a = [1, 2, 3, 4];
local sum = a.reduce(function(prev, cur) { return prev + cur; });
print(sum + "\n");
local s = ["a", "b", "c"].reduce(function(p, c) { return p + c; });
print(s + "\n");
