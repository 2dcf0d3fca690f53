// Checks: keywords can be used as table keys with string subscripts
local t = {};
t["class"] <- 1;
t["if"] <- 2;
print((t["class"] + t["if"]) + "\n");
