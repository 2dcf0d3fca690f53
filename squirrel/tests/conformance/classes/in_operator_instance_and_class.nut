// Checks: `in` finds members and methods on instances and classes
class A {
    field = 1;
    function method() {}
}
local a = A();
print(("field" in a) + " " + ("method" in a) + " " + ("nope" in a) + "\n");
print(("field" in A) + " " + ("method" in A) + "\n");
