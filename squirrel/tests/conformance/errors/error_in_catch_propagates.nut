// Checks: an error raised inside a catch block goes to the next outer handler
try {
    try {
        throw "one";
    } catch (e) {
        local x = null;
        x.y <- 1;
    }
} catch (e2) {
    print("outer caught\n");
}
