// Checks: _typeof changes what typeof returns for an instance
class Special {
    function _typeof() { return "special"; }
}
print(typeof Special() + "\n");
