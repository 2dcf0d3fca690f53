// Checks: tables can be keys; lookup is by identity
local k1 = {};
local k2 = {};
local t = {};
t[k1] <- "first";
t[k2] <- "second";
print(t[k1] + " " + t[k2] + " " + t.len() + "\n");
