// Checks: inside a method, this is the instance
class C {
    function kind() { return typeof this; }
    function same(o) { return this == o; }
}
local c = C();
print(c.kind() + " " + c.same(c) + "\n");
