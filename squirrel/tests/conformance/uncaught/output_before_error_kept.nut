// Checks: everything printed before the error reaches stdout
for (local i = 0; i < 3; i++) print(i + "\n");
local t = {};
local v = t.nothere;
