// Checks: an error thrown by a function called from a catch block is caught by the outer try
function fail() { throw "from fail"; }
try {
    try { throw "first"; } catch (e) { fail(); }
} catch (e2) {
    print(e2 + "\n");
}
