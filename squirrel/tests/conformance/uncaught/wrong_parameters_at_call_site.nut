// Checks: a wrong argument count is reported at the call
function two(a, b) {
    return a + b;
}
two(1);
