// Checks: two instances are == only if they are the same object
class A {}
local a = A();
local b = A();
print((a == b) + " " + (a == a) + "\n");
