// Counter.lib.nut - a library for #require tests (IMPCHAOS_LIB_PATH).
class Counter {
    count = 0;

    function bump() {
        count++;
    }

    function fail() {
        throw "counter failed at " + count;
    }
}
