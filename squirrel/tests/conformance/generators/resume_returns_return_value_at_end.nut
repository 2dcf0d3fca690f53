// Checks: the resume that finishes the generator returns the function's return value
function g2() { yield 1; return "done"; }
local g = g2();
print(resume g + "\n");
print(resume g + "\n");
