// Checks: calling null throws "attempt to call 'null'"
local f = null;
try {
    f();
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
