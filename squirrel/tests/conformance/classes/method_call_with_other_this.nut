// Checks: calling a class method with call() and another environment
class C {
    name = "c";
    function who() { return name; }
}
local other = { name = "other" };
print(C().who() + " " + C.who.call(other) + "\n");
