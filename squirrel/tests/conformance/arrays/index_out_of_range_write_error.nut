// Checks: writing past the end throws "the index '3' does not exist"
local a = [1, 2, 3];
try {
    a[3] = 4;
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
print(a.len() + "\n");
