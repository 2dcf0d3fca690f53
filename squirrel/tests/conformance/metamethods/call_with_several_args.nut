// Checks: _call receives all call arguments after the environment
class Summer {
    function _call(env, a, b, c) { return a + b + c; }
}
print(Summer()(1, 2, 3) + "\n");
