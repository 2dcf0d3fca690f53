// Checks: slice() beyond the end throws
try {
    [1, 2].slice(0, 5);
    print("no error\n");
} catch (e) {
    print("caught\n");
}
