// Checks: getstatus() is "suspended" before and between resumes and "dead" at the end
function g1() { yield 1; }
local g = g1();
print(g.getstatus() + "\n");
resume g;
print(g.getstatus() + "\n");
resume g;
print(g.getstatus() + "\n");
