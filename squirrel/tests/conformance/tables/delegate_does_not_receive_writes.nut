// Checks: <- on a key found only in the delegate creates the slot on the table itself
local d = { x = 1 };
local t = {};
t.setdelegate(d);
t.x <- 2;
print(t.x + " " + d.x + "\n");
