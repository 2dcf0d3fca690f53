// Checks: a negative array index is out of range
local a = [1, 2];
try {
    local v = a[-1];
    print("no error\n");
} catch (e) {
    print("caught\n");
}
