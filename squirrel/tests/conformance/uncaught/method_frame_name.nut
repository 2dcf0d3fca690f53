// Checks: a class method appears under its own name in the trace
class Worker {
    function run() {
        local missing = null;
        missing();
    }
}
Worker().run();
