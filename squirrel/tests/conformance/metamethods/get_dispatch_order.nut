// Checks: member lookup order: instance member first, then _get
class C {
    x = "member";
    function _get(k) { return "meta:" + k; }
}
local c = C();
print(c.x + " " + c.y + "\n");
