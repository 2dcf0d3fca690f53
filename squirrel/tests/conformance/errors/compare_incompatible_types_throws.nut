// Checks: ordering comparison between a string and an integer throws
try {
    local r = "a" < 1;
    print("no error\n");
} catch (e) {
    print("caught\n");
}
