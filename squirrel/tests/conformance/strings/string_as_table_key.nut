// Checks: equal strings are the same table key
local t = {};
t["key"] <- 1;
local k = "ke" + "y";
print(t[k] + "\n");
print((k in t) + "\n");
