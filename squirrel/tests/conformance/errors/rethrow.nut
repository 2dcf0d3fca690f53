// Checks: a caught error can be thrown again to an outer handler
try {
    try {
        throw "inner";
    } catch (e) {
        print("first: " + e + "\n");
        throw e + "+again";
    }
} catch (e2) {
    print("second: " + e2 + "\n");
}
