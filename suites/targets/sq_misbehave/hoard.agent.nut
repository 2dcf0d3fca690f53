// hoard.agent.nut - test-only agent (suites/targets/sq_misbehave): keeps
// about 4 KB more every second and never lets go. With the target's 256 KB
// agent quota it runs out of memory within minutes: the platform's out of
// memory, so the agent restarts.
hoard <- [];

device.on("boot", function(reason) {});

function grow() {
    hoard.push(array(256, hoard.len()));
    imp.wakeup(1, grow);
}

server.log("free at start: " + (imp.getmemoryfree() > 200000));
grow();
