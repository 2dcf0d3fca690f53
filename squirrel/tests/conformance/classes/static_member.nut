// Checks: static members are read through the class and through instances
class C {
    static LIMIT = 10;
    function limit() { return LIMIT; }
}
print(C.LIMIT + "\n");
print(C().LIMIT + "\n");
print(C().limit() + "\n");
