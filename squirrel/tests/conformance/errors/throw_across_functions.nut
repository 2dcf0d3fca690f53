// Checks: an error thrown in a called function is caught by the caller
function risky(n) {
    if (n > 2) throw "too big: " + n;
    return n;
}
function wrapper(n) { return risky(n) * 10; }
try {
    print(wrapper(1) + "\n");
    print(wrapper(5) + "\n");
} catch (e) {
    print(e + "\n");
}
