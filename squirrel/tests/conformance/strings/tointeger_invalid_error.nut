// Checks: converting a non-numeric string throws "cannot convert the string"
try {
    local n = "abc".tointeger();
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
