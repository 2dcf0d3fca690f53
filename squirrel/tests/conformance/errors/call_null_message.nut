// Checks: calling a missing-but-null slot throws "attempt to call 'null'"
local t = { cb = null };
try {
    t.cb();
} catch (e) {
    print(e + "\n");
}
