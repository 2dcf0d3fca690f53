// Checks: calling an integer throws "attempt to call 'integer'"
local f = 5;
try {
    f();
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
