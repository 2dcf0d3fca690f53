// Checks: overwriting a slot does not change len()
local t = {};
t.a <- 1;
t.a = 2;
t["a"] <- 3;
print(t.len() + " " + t.a + "\n");
