// Checks: subtracting from null throws an arith op error naming the types
try {
    local a = null;
    local r = a - 1;
} catch (e) {
    print(e + "\n");
}
