// Checks: calling with too few arguments throws "wrong number of parameters"
function f(a, b) { return a; }
try {
    f(1);
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
