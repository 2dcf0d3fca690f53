// Checks: _get is not called when the member exists
class Dyn {
    real = "real";
    function _get(key) { return "fake"; }
}
print(Dyn().real + "\n");
