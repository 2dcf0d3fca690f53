// Checks: <- on an existing slot replaces its value
local t = { a = 1 };
t.a <- 2;
print(t.a + " " + t.len() + "\n");
