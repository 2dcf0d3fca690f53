// Checks: a function stored in a table and called through it gets the table as this
local t = { val = 9 };
t.f <- @() this.val;
print(t.f() + "\n");
