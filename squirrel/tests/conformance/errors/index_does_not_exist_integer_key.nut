// Checks: a missing integer key in a table
local t = {};
try {
    local v = t[5];
} catch (e) {
    print(e + "\n");
}
