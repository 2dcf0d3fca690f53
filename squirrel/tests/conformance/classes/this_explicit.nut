// Checks: members can be accessed through this explicitly
class C {
    name = "c";
    function get() { return this.name; }
    function set(n) { this.name = n; }
}
local o = C();
o.set("new");
print(o.get() + "\n");
