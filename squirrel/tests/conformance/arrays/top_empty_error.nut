// Checks: top() on an empty array throws
try {
    [].top();
    print("no error\n");
} catch (e) {
    print("caught\n");
}
