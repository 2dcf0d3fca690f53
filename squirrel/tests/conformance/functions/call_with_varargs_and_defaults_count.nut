// Checks: a function with defaults accepts between required and total arguments
function f(a, b = 1) { return a + b; }
try {
    f();
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
