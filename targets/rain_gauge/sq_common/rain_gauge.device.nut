// rain_gauge.device.nut - rain_gauge device code, shared by both variants:
// target -> runs in imp-device's Squirrel VM under the harness.
//
// A tipping-bucket rain gauge: every minute the device reads the tips
// counted since the last read (pin1, the workload's "pin1" sensor) and
// sends them to the agent as {boot, seq, tips}. The platform may lose a
// message (an agent that is restarting or moving, a link that died before
// anyone noticed), so each reading stays queued until the agent
// acknowledges it, and every tick sends again, in order, what is still
// unacknowledged after RESEND seconds. An acknowledgement that is lost
// makes the device send a reading the agent already counted: delivery is
// at least once, and the agent must tolerate duplicates.
//
// boot tells this boot's readings from the last one's (seq starts at 0 on
// every boot): the time the code started, whole seconds, which two boots
// never share (a boot takes more than a second to reconnect).
//
// Messages:
//   device -> agent  "tips"  {boot: integer, seq: integer >= 0, tips: integer >= 0}
//   agent -> device  "ack"   {boot: integer, seq: integer}: every reading of
//                            boot up to seq is counted

const PERIOD = 60;          // seconds between reads
const RESEND = 30;          // seconds before an unacknowledged reading goes again

boot <- time();
nextSeq <- 0;
acked <- -1;                // the highest seq the agent acknowledged
queue <- [];                // {seq, tips, sent}: read, not yet acknowledged

gauge <- hardware.pin1;
gauge.configure(PULSE_COUNTER);

function send(entry) {
    entry.sent = time();
    agent.send("tips", { boot = boot, seq = entry.seq, acked = acked, tips = entry.tips });
}

agent.on("ack", function(a) {
    if (typeof a != "table" || !("boot" in a) || a.boot != boot) return;
    if (a.seq > acked) acked = a.seq;
    while (queue.len() > 0 && queue[0].seq <= a.seq) queue.remove(0);
});

function tick() {
    local now = time();

    // Older ones first, so the agent hears them in order.
    foreach (e in queue) if (now - e.sent >= RESEND) send(e);
    local entry = { seq = nextSeq++, tips = gauge.read(), sent = 0 };
    queue.push(entry);
    send(entry);
    if (imp.wakeup(PERIOD, tick) == null) server.error("cannot arm the read timer");
}

if (imp.wakeup(PERIOD, tick) == null) server.error("cannot arm the read timer");
