// Checks: a constructor can call the instance's methods
class C {
    v = null;
    constructor() { v = compute(); }
    function compute() { return 6 * 7; }
}
print(C().v + "\n");
