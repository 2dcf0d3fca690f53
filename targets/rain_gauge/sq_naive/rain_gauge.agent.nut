// rain_gauge.agent.nut - rain_gauge agent, naive variant: target -> runs in
// imp-agent's Squirrel VM under the harness.
//
// Adds every "tips" message to the total, saves it, publishes it and
// acknowledges. The bug: a reading the device sent again because its
// acknowledgement was lost (the link died before the agent noticed, the
// device moved servers) is counted a second time, so the rainfall total
// grows by rain that never fell (counter-exact:total_tips,pin1).

total <- 0;
local saved = server.load();
if ("total_tips" in saved) total = saved.total_tips;

device.on("tips", function(m) {
    total += m.tips;
    if (server.save({ total_tips = total }) != 0) return;
    impchaos.observe("total_tips", total);
    device.send("ack", { boot = m.boot, seq = m.seq });
});
