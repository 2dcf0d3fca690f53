// Checks: classes can be stored in variables and instantiated from them
class A { v = "a"; }
local K = A;
local o = K();
print(o.v + " " + (o instanceof A) + "\n");
