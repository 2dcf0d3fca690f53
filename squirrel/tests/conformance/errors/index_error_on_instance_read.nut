// Checks: reading a missing member of an instance without _get
class C { a = 1; }
try {
    local v = C().b;
} catch (e) {
    print(e + "\n");
}
