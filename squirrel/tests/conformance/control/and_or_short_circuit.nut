// Checks: && and || do not evaluate the right operand when unneeded
local calls = 0;
function touch() { calls++; return true; }
local a = false && touch();
local b = true || touch();
local c = true && touch();
print(calls + "\n");
