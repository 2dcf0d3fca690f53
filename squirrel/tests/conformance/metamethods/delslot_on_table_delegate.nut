// Checks: _delslot in a table's delegate intercepts delete
local log = [];
local t = { a = 1 };
t.setdelegate({ _delslot = function(k) { log.push("del " + k); rawdelete(k); } });
delete t.a;
print(log[0] + " " + t.len() + "\n");
