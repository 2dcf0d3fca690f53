// Checks: a generator sees itself as "running" while it executes
local gen = null;
function self_check() { yield gen.getstatus(); }
gen = self_check();
print(resume gen);
print("\n");
