// quiet.device.nut - test-only device (suites/targets/sq_misbehave): tells
// the agent why it booted, and nothing else.
agent.send("boot", hardware.wakereason());
