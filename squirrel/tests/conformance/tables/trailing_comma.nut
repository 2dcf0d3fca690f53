// Checks: a trailing comma after the last slot is accepted
local t = { a = 1, b = 2, };
print(t.len() + "\n");
