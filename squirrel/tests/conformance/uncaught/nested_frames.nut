// Checks: the stack trace lists each frame, innermost first
function inner() {
    throw "deep";
}
function outer() {
    inner();
}
outer();
