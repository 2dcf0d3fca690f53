// Checks: the catch variable is local to the catch block
local e = "outer";
try { throw "inner"; } catch (e) { print(e + "\n"); }
print(e + "\n");
