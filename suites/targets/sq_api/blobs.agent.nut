// blobs.agent.nut - test-only agent (suites/targets/sq_api): checks the
// device's blob, sends it back inside a table, and saves what the store
// cannot hold next to what it can.
device.on("bytes", function(b) {
    local s = typeof b + " " + b.len() + ":";
    for (local i = 0; i < b.len(); i++) s += " " + b[i];
    server.log("agent got " + s);
    device.send("echo", { bytes = b, label = "back" });
    server.save({ keep = 1, raw = b, nul = "a\x00b" });
    local saved = server.load();
    server.log("saved keys " + ("keep" in saved) + " " + ("raw" in saved) + " " + ("nul" in saved));
});

device.on("report", function(text) {
    server.log("device: " + text);
});
