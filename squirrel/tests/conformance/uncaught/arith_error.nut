// Checks: an arith op error reports the operand types
local a = "x";
local b = [];
local c = b - 1;
