// Checks: instance.getclass() returns the class
class A {}
local a = A();
print((a.getclass() == A) + "\n");
