// Checks: using null as a key to create a slot is an error
local t = {};
try {
    t[null] <- 1;
    print("no error\n");
} catch (e) {
    print("caught\n");
}
