// Checks: enum values as table keys
enum E { X, Y }
local t = {};
t[E.Y] <- "y";
print(t[1] + "\n");
