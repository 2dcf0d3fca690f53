// Checks: adding a table and an integer throws "arith op + on between 'table' and 'integer'"
try {
    local r = {} + 1;
} catch (e) {
    print(e + "\n");
}
