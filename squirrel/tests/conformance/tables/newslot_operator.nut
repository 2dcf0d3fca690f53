// Checks: <- creates a new slot
local t = {};
t.x <- 10;
t["y"] <- 20;
print((t.x + t.y) + "\n");
print(t.len() + "\n");
