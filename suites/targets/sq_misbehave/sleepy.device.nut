// sleepy.device.nut - test-only device (suites/targets/sq_misbehave):
// counts its boots in nv, tells the agent, and once idle sleeps for a
// minute. nv survives deep sleep only, so the count climbs 1, 2, 3...
if (!("count" in nv)) nv.count <- 0;
nv.count++;
agent.send("count", nv.count);
imp.onidle(function() {
    imp.deepsleepfor(60);
});
