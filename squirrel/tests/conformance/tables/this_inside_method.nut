// Checks: inside a function called as t.f(), this is t
local t = { v = 5 };
t.get <- function() { return this.v; };
print(t.get() + "\n");
