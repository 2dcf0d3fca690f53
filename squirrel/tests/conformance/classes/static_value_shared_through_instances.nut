// Checks: a static array member is the same object for every instance
class C { static registry = []; }
C().registry.push(1);
C().registry.push(2);
print(C.registry.len() + "\n");
