// Checks: adding a slot to the clone does not affect the original
local t = { a = 1 };
local c = clone t;
c.b <- 2;
print(t.len() + " " + c.len() + "\n");
