// Checks: a cloned table keeps the original's delegate
local d = { greet = function() { return "hi"; } };
local t = {};
t.setdelegate(d);
local c = clone t;
print(c.greet() + "\n");
