// Checks: _get in a table's delegate handles missing keys of the table
local t = { present = 1 };
t.setdelegate({ _get = function(k) { return "default for " + k; } });
print(t.present + "\n");
print(t.absent + "\n");
