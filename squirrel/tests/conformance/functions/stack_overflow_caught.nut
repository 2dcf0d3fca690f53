// Checks: unbounded recursion raises an error that try/catch can catch
function forever(n) { return forever(n + 1) + 1; }
try {
    forever(0);
    print("no error\n");
} catch (e) {
    print("caught " + typeof e + "\n");
}
print("still running\n");
