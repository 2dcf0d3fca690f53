// Checks: _tostring in a table's delegate is used when converting the table to a string
local t = { n = 7 };
t.setdelegate({ _tostring = function() { return "T" + n; } });
print(t + "\n");
