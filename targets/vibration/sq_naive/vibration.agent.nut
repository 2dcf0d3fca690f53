// vibration.agent.nut (naive) - vibration monitor agent: publishes the RMS
// of the bursts the device sends.
//
// The bug: every burst is appended to `history`, which is never trimmed
// ("we may want to chart it later"). Under the platform's memory quota
// (target.json's "memory") the agent runs out of memory within minutes;
// the platform restarts it, its history starts empty, and it grows again.
// Nothing else looks wrong: the RMS is right after each restart, and a
// liveness check's grace starts over at each one. no-crash-loop sees it.

history <- [];              // every burst ever received

function rms(bursts) {
    local sum = 0.0, n = 0;
    foreach (b in bursts) {
        foreach (s in b) { sum += s * s; n++; }
    }
    return n ? math.sqrt(sum / n) : 0.0;
}

device.on("burst", function(b) {
    history.append(b.samples);
    // The RMS of the last five minutes (10 bursts).
    local from = history.len() > 10 ? history.len() - 10 : 0;
    impchaos.observe("rms_mg", (rms(history.slice(from)) * 1000).tointeger());
});
