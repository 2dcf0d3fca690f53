// Checks: bitwise operators on floats throw
try {
    local r = 1.5 | 1;
    print("no error\n");
} catch (e) {
    print("caught\n");
}
