// Checks: reading past the end throws "the index '5' does not exist"
local a = [1, 2, 3];
try {
    local v = a[5];
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
