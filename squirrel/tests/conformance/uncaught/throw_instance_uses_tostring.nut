// Checks: an uncaught instance is printed with its _tostring
class Oops {
    function _tostring() { return "Oops!"; }
}
throw Oops();
