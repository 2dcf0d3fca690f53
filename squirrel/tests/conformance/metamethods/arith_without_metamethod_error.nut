// Checks: + between an instance without _add and a number throws
class Plain {}
try {
    local r = Plain() + 1;
    print("no error\n");
} catch (e) {
    print("caught\n");
}
