// Checks: a delegate's _get is not consulted for keys the table has
local calls = 0;
local t = { a = 1 };
t.setdelegate({ _get = function(k) { calls++; return null; } });
local x = t.a;
print(calls + "\n");
