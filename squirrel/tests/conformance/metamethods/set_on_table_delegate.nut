// Checks: _set in a table's delegate handles assignment to missing keys
local seen = [];
local t = {};
t.setdelegate({ _set = function(k, v) { seen.push(k); } });
t.foo = 1;
print(seen.len() + " " + seen[0] + " " + ("foo" in t) + "\n");
