// Checks: <- cannot add a new slot to an instance
class A {}
local a = A();
try {
    a.extra <- 1;
    print("no error\n");
} catch (e) {
    print("caught\n");
}
