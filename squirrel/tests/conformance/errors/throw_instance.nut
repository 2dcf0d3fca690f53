// Checks: throwing a class instance and testing it with instanceof
class MyError {
    message = null;
    constructor(m) { message = m; }
}
try {
    throw MyError("custom");
} catch (e) {
    print((e instanceof MyError) + " " + e.message + "\n");
}
