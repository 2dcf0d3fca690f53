// Checks: table.len() counts slots
local t = { a = 1, b = 2, c = 3 };
print(t.len() + "\n");
t.d <- 4;
print(t.len() + "\n");
delete t.a;
print(t.len() + "\n");
