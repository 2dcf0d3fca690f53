// Checks: integer keys and string keys are distinct
local t = {};
t[1] <- "int";
t["1"] <- "str";
print(t[1] + " " + t["1"] + " " + t.len() + "\n");
