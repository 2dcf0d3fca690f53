// Checks: = on a missing slot throws "the index 'x' does not exist"
local t = {};
try {
    t.x = 1;
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
print(("x" in t) + "\n");
