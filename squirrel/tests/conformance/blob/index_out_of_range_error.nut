// Checks: indexing beyond the end of a blob throws
local b = blob(2);
try {
    local v = b[5];
    print("no error\n");
} catch (e) {
    print("caught\n");
}
