// Checks: a class method can be a generator
class Bag {
    items = null;
    constructor() { items = ["a", "b", "c"]; }
    function each() { foreach (v in items) yield v; }
}
local s = "";
foreach (v in Bag().each()) s += v;
print(s + "\n");
