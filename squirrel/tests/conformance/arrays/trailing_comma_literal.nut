// Checks: a trailing comma in an array literal is accepted
local a = [1, 2, 3,];
print(a.len() + "\n");
