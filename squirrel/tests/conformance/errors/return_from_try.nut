// Checks: return inside try leaves the function normally
function f() {
    try { return "from try"; } catch (e) { return "from catch"; }
}
print(f() + "\n");
