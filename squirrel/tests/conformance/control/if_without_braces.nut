// Checks: single-statement bodies without braces
local s = "";
if (true) s += "a"; else s += "b";
if (false) s += "c"; else s += "d";
print(s + "\n");
