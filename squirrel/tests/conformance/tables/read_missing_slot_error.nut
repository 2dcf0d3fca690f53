// Checks: reading a missing slot throws "the index 'missing' does not exist"
local t = { a = 1 };
try {
    local v = t.missing;
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
