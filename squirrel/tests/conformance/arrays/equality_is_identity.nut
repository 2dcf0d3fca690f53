// Checks: arrays compare by identity
local a = [1];
local b = [1];
print((a == b) + " " + (a == a) + "\n");
