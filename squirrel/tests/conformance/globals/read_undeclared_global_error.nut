// Checks: reading an undeclared variable is "the index 'x' does not exist"
try {
    local v = no_such_variable;
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
