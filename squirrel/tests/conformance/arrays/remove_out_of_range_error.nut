// Checks: remove() with an index beyond the end throws
local a = [1];
try {
    a.remove(3);
    print("no error\n");
} catch (e) {
    print("caught\n");
}
