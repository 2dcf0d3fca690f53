// Checks: identifiers may contain underscores and digits
local _a1 = 1;
local b_2_c = 2;
local __x = 3;
print((_a1 + b_2_c + __x) + "\n");
