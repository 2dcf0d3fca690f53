// Checks: assigning to a string index is an error (strings are immutable)
local s = "abc";
try {
    s[0] = 'x';
    print("no error\n");
} catch (e) {
    print("caught\n");
}
print(s + "\n");
