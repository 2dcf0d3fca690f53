// Checks: calling with too many arguments throws "wrong number of parameters"
function f(a) { return a; }
try {
    f(1, 2);
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
