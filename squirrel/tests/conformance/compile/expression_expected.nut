// Checks: a compile error prints file:line:column: error: message and runs nothing
print("never\n");
local x = ;
