// Checks: _newslot in a table's delegate intercepts <-
local t = {};
t.setdelegate({ _newslot = function(k, v) { rawset(k, v * 2); } });
t.x <- 5;
print(t.x + "\n");
