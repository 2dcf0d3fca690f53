// Checks: clone of an instance copies member values
class A { v = 1; list = null; constructor() { list = [1]; } }
local a = A();
local c = clone a;
c.v = 2;
c.list.push(2);
print(a.v + " " + c.v + " " + a.list.len() + "\n");
