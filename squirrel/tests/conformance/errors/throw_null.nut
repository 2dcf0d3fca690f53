// Checks: throw null is caught with a null value
try {
    throw null;
} catch (e) {
    print((e == null) + "\n");
}
