// Checks: rawset creates or updates a slot; rawget reads it
local t = {};
t.rawset("k", 5);
print(t.rawget("k") + "\n");
t.rawset("k", 6);
print(t.k + "\n");
