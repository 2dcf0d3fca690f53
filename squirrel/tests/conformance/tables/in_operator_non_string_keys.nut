// Checks: `in` works with integer and boolean keys
local t = {};
t[1] <- "one";
t[true] <- "yes";
print((1 in t) + " " + (2 in t) + " " + (true in t) + " " + (false in t) + "\n");
