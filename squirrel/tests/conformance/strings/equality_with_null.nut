// Checks: a string is never equal to null
local s = "null";
print((s == null) + " " + (s == "null") + "\n");
