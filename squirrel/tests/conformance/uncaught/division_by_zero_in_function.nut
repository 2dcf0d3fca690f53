// Checks: division by zero inside a function called from main
function divide(a, b) {
    return a / b;
}
print(divide(6, 3) + "\n");
print(divide(1, 0) + "\n");
