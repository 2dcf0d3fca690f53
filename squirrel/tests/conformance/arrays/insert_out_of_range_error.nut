// Checks: insert() past the end throws
local a = [1, 2];
try {
    a.insert(5, 0);
    print("no error\n");
} catch (e) {
    print("caught\n");
}
