// door_counter.device.nut - door_counter device code in Squirrel, robust
// variant: target -> runs in imp-device's Squirrel VM. The same story as
// robust/device.c.
//
// The platform loses messages on the way to the agent (an agent that is
// restarting or moving, a device that was redirected), and agent.send()
// cannot tell: it returns 0 once the message is on the link. So each
// report stays queued until the agent acknowledges it, and every minute
// the device sends again, in order, the reports still unacknowledged after
// RESEND seconds. Reports carry (boot, seq): seq counts this boot's
// reports from 0, boot is the time the code started (whole seconds; two
// boots are more than a second apart), so the agent can tell a report sent
// again from a new one and count each once.
//
// A reed switch on the door is wired to pin1, configured as a pulse
// counter: each read gives the openings counted since the last read (the
// workload's "pin1" sensor).
//
// Messages:
//   device -> agent  "openings"  {boot, seq, openings: integer >= 0}
//   agent -> device  "ack"       {boot, seq}: every report of boot up to
//                                seq is stored

const REPORT_PERIOD = 60;   // seconds between reports
const RESEND = 30;          // seconds before an unacknowledged report goes again

doorPin <- hardware.pin1;
doorPin.configure(PULSE_COUNTER);

boot <- time();
nextSeq <- 0;
acked <- -1;                // the highest seq the agent acknowledged
queue <- [];                // {seq, openings, sent}: read, not yet acknowledged

function send(e) {
    e.sent = time();
    agent.send("openings", { boot = boot, seq = e.seq, acked = acked, openings = e.openings });
}

agent.on("ack", function(a) {
    if (typeof a != "table" || !("boot" in a) || a.boot != boot) return;
    if (a.seq > acked) acked = a.seq;
    while (queue.len() > 0 && queue[0].seq <= a.seq) queue.remove(0);
});

function report() {
    local now = time();

    foreach (e in queue) if (now - e.sent >= RESEND) send(e);
    local e = { seq = nextSeq++, openings = doorPin.read(), sent = 0 };
    queue.push(e);
    send(e);
    imp.wakeup(REPORT_PERIOD, report);
}

imp.wakeup(REPORT_PERIOD, report);
