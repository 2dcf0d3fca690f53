// Checks: default may appear before other cases is not required; default at the end handles misses
function f(x) {
    local r = "";
    switch (x) {
        case 0: r = "zero"; break;
        default: r = "other";
    }
    return r;
}
print(f(0) + " " + f(1) + "\n");
