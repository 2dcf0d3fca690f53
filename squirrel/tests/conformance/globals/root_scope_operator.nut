// Checks: ::name reads a global even when a local has the same name
x <- "global";
local x = "local";
print(x + "\n");
print(::x + "\n");
