// quiet.agent.nut - test-only agent (suites/targets/sq_misbehave): logs
// each device boot with its wake reason, and nothing else.
device.on("boot", function(reason) {
    server.log("device booted, wake reason " + reason);
});

device.on("count", function(n) {
    server.log("nv count " + n);
});
