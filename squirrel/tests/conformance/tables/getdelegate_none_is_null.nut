// Checks: getdelegate() of a table without a delegate returns null
local t = {};
print((t.getdelegate() == null) + "\n");
