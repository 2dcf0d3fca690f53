// Checks: slice with start greater than end throws
try {
    local s = "abcdef".slice(4, 2);
    print("no error\n");
} catch (e) {
    print("caught\n");
}
