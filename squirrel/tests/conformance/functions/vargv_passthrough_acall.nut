// Checks: forwarding varargs with acall
function target(a, b, c) { return a + b + c; }
function forward(...) {
    local args = [this];
    args.extend(vargv);
    return target.acall(args);
}
print(forward(1, 2, 3) + "\n");
