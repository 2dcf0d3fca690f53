// require.agent.nut - test-only agent (suites/targets/sq_misbehave): uses a
// library from IMPCHAOS_LIB_PATH and a file included relative to this one.
// The library throws 30 s after start, so its file and line must appear in
// the logged stack.
#require "Counter.lib.nut:1.0.0"
@include "parts/helpers.nut"

counter <- Counter();

device.on("boot", function(reason) {
    counter.bump();
    logCount(counter);
});

imp.wakeup(30, function() {
    counter.fail();
});
