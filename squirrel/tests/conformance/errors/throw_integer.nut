// Checks: throwing an integer
try {
    throw 7;
} catch (e) {
    print(typeof e + " " + e + "\n");
}
