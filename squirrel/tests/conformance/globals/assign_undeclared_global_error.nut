// Checks: assigning to an undeclared global is "the index 'x' does not exist"
try {
    undeclared_thing = 5;
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
