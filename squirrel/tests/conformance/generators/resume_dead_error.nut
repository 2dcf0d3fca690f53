// Checks: resuming a dead generator throws
function g3() { yield 1; }
local g = g3();
resume g;
resume g;
try {
    resume g;
    print("no error\n");
} catch (e) {
    print("caught\n");
}
