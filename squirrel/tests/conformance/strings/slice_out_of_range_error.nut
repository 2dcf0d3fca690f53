// Checks: slicing beyond the end of a string throws an error
try {
    local s = "abc".slice(0, 10);
    print("no error\n");
} catch (e) {
    print("caught\n");
}
