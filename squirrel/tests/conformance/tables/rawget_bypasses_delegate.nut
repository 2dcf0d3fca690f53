// Checks: rawget does not consult the delegate while normal access does
local d = { x = "from delegate" };
local t = {};
t.setdelegate(d);
print(t.x + "\n");
print(t.rawin("x") + "\n");
