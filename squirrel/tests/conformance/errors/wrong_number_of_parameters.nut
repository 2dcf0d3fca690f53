// Checks: the message for a bad argument count
local f = function(a, b, c) {};
try {
    f(1);
} catch (e) {
    print(e + "\n");
}
