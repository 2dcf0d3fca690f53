// Checks: integer division by zero is "division by zero"
try {
    local a = 10;
    local b = 0;
    local c = a / b;
} catch (e) {
    print(e + "\n");
}
