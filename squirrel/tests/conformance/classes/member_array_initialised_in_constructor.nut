// Checks: initialising a container member in the constructor gives each instance its own
class C {
    list = null;
    constructor() { list = []; }
}
local a = C();
local b = C();
a.list.push(1);
print(a.list.len() + " " + b.list.len() + "\n");
