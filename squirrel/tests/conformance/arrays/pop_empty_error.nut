// Checks: pop() on an empty array throws
local a = [];
try {
    a.pop();
    print("no error\n");
} catch (e) {
    print("caught\n");
}
