// quiet.agent.nut - test-only agent (suites/targets/sq_api): logs what the
// device reports.
device.on("report", function(text) {
    server.log("device: " + text);
});
