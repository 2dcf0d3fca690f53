// Checks: methods call sibling methods without this
class M {
    function a() { return b() + 1; }
    function b() { return 41; }
}
print(M().a() + "\n");
