// hello.agent.nut - test-only bare directory (no target.json): answers the
// device's hello; `impchaos run DIR/` runs it with defaults.
device.on("hello", function(n) {
    device.send("welcome", n + 1);
});
