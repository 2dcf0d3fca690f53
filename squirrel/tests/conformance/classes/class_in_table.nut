// Checks: a class declared as a table slot with `class t.Name`
local ns = {};
class ns.Thing {
    function id() { return "thing"; }
}
print(ns.Thing().id() + "\n");
