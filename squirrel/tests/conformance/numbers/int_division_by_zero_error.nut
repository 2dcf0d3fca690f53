// Checks: integer division by zero raises "division by zero"
try {
    local z = 0;
    print((1 / z) + "\n");
} catch (e) {
    print("caught: " + e + "\n");
}
