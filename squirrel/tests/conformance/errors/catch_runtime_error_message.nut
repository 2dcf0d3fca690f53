// Checks: runtime errors are caught as strings
try {
    local t = {};
    local v = t.missing;
} catch (e) {
    print(typeof e + ": " + e + "\n");
}
