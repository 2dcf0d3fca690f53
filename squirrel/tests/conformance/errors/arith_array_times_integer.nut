// Checks: multiplying an array throws an arith op error
try {
    local r = [1] * 2;
} catch (e) {
    print(e + "\n");
}
