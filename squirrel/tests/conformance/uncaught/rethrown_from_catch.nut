// Checks: an error rethrown from a catch block is reported where it was thrown again
try {
    throw "first";
} catch (e) {
    throw "second";
}
