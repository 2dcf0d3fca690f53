// Checks: throw of a string is caught with its value
try {
    throw "problem";
} catch (e) {
    print("caught: " + e + "\n");
}
