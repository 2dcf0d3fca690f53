// Checks: assigning an undeclared member of an instance throws "the index 'nope' does not exist"
class A { x = 1; }
local a = A();
try {
    a.nope = 5;
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
