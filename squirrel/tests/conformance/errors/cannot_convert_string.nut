// Checks: "cannot convert the string" from tointeger
try {
    "12x4".slice(2).tointeger();
} catch (e) {
    print(e + "\n");
}
