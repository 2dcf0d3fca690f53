// Checks: setdelegate() returns the table itself
local t = {};
local r = t.setdelegate({});
print((r == t) + "\n");
