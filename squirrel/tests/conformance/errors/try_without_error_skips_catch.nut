// Checks: the catch block does not run when nothing is thrown
try {
    print("in try\n");
} catch (e) {
    print("in catch\n");
}
print("after\n");
