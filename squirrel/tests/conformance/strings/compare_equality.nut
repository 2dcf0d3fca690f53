// Checks: strings compare by value with == and !=
local a = "abc";
local b = "ab" + "c";
print((a == b) + "\n");
print((a != "abd") + "\n");
