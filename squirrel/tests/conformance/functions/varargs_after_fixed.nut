// Checks: fixed parameters come first, the rest go to vargv
function f(first, ...) {
    local s = first + ":";
    foreach (v in vargv) s += v;
    return s;
}
print(f("a") + "\n");
print(f("a", "b", "c") + "\n");
