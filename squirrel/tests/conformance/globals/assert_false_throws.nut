// Checks: assert(false) throws an error that can be caught
try {
    assert(1 == 2);
    print("no error\n");
} catch (e) {
    print("caught\n");
}
