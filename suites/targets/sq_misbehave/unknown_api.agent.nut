// unknown_api.agent.nut - test-only agent (suites/targets/sq_misbehave):
// calls an imp API that does not exist. The error is logged and the agent
// goes on (it still logs the device's boots).
device.on("boot", function(reason) {
    server.log("device booted, wake reason " + reason);
});

imp.wakeup(5, function() {
    imp.foo();
});
