// Checks: typeof of classes, instances, generators and weak references
class C {}
function gen() { yield 1; }
local t = {};
print(typeof C + "\n");
print(typeof C() + "\n");
print(typeof gen() + "\n");
print(typeof t.weakref() + "\n");
