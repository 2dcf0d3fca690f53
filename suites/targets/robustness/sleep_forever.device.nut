// sleep_forever.device.nut - test-only device (suites/targets/robustness):
// deep-sleeps for 1e300 s at its first boot; the host clamps the sleep to
// the platform's 28 days as a target error.
agent.send("hello", 1);
imp.deepsleepfor(1e300);
