// Checks: rawdelete removes a slot and returns its value
local t = { a = 42 };
local v = t.rawdelete("a");
print(v + " " + t.len() + "\n");
