// Checks: a function stored in a table can recurse through the table
local m = {};
m.sum <- function(n) { return n == 0 ? 0 : n + m.sum(n - 1); };
print(m.sum(100) + "\n");
