// huge_timer.agent.nut - test-only agent (suites/targets/robustness): the
// Squirrel binding must refuse a timer of 9223372036854 s as the C one does
// (a target error, null), and the run must go on ticking every minute.
device.on("hello", function(v) {});
local refused = imp.wakeup(9223372036854.0, function() { server.log("huge fired"); });
server.log("huge timer " + (refused == null ? "refused" : "armed"));
local ticks = 0;
function tick() {
    ticks++;
    server.log("tick " + ticks);
    imp.wakeup(60, tick);
}
imp.wakeup(60, tick);
