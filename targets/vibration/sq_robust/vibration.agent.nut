// vibration.agent.nut (robust) - vibration monitor agent: publishes the
// RMS of the last 10 bursts (five minutes) the device sent.
//
// The fix: the bursts are kept in a ring of 10, the last five minutes,
// which is all the RMS needs, so the agent's memory stays flat however
// long it runs (compare sq_naive, whose history grows until the
// platform's memory quota restarts it, again and again).

const KEEP = 10;            // bursts kept: five minutes at one every 30 s

ring <- array(KEEP, null);
next <- 0;                  // slot the next burst goes into

function rms() {
    local sum = 0.0, n = 0;
    foreach (b in ring) {
        if (b == null) continue;
        foreach (s in b) { sum += s * s; n++; }
    }
    return n ? math.sqrt(sum / n) : 0.0;
}

device.on("burst", function(b) {
    ring[next] = b.samples;
    next = (next + 1) % KEEP;
    impchaos.observe("rms_mg", (rms() * 1000).tointeger());
});
