// Checks: integer modulo by zero raises "division by zero"
try {
    local z = 0;
    print((5 % z) + "\n");
} catch (e) {
    print("caught: " + e + "\n");
}
