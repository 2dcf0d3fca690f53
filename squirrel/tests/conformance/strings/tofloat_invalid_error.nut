// Checks: "xyz".tofloat() throws "cannot convert the string"
try {
    local n = "xyz".tofloat();
    print("no error\n");
} catch (e) {
    print(e + "\n");
}
