// blobs.device.nut - test-only device (suites/targets/sq_api): sends a blob
// holding a NUL and 0xff, and reports the blob the agent sends back.
agent.on("echo", function(data) {
    local b = data.bytes;
    local s = typeof b + " " + b.len() + ":";
    for (local i = 0; i < b.len(); i++) s += " " + b[i];
    agent.send("report", s + " label " + data.label);
});

local b = blob(4);
b[0] = 0; b[1] = 255; b[2] = 65; b[3] = 10;
agent.send("bytes", b);
