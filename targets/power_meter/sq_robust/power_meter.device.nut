// power_meter.device.nut - power_meter device code in Squirrel, robust
// variant: target -> runs in imp-device's Squirrel VM under the harness.
// The same story as robust/device.c: sq_common's device, with each pulse
// sent until the agent acknowledges it.
//
// Reproduces the device half of a user's forum report ("Preserving
// persistent storage through server maintenance"): an energy meter whose
// pulse output is wired to pin1 reports its energy to the agent once a
// minute and, at boot, asks the agent for its calibration constant.
//
// Boot registers the "calibration" handler before anything is sent, so the
// agent's reply to "hello" never finds the device without a handler. Each
// tick reads the Wh counted since the last read (pin1, the workload's
// "pin1" sensor) and sends "pulse" {"boot", "seq", "wh"}; a "hello" that
// could not be sent is retried on the next tick.
//
// The platform loses messages on the way to the agent (an agent that is
// restarting or moving, a device that was redirected) and agent.send()
// cannot tell. So each pulse stays queued until the agent acknowledges it,
// and every tick sends again, oldest first, the pulses still
// unacknowledged after RESEND seconds. seq counts this boot's pulses from
// 0 and boot is the time the code started (whole seconds; two boots are
// more than a second apart), so the agent counts a pulse sent again once.
//
// Messages:
//   device -> agent  "hello"        null, once per boot
//   device -> agent  "pulse"        {"boot": integer, "seq": integer, "wh": number >= 0}
//   agent -> device  "calibration"  {"scale": number > 0}
//   agent -> device  "ack"          {"boot", "seq"}: every pulse of boot up
//                                   to seq is stored

const PULSE_PERIOD = 60;    // seconds between meter reads
const RESEND = 30;          // seconds before an unacknowledged pulse goes again

meterPin <- hardware.pin1;
meterPin.configure(PULSE_COUNTER);

scale <- 1.0;               // calibration factor; 1.0 until the agent sends one
boot <- time();
nextSeq <- 0;               // the next pulse's number
acked <- -1;                // the highest seq the agent acknowledged
queue <- [];                // {seq, wh, sent}: read, not yet acknowledged
helloSent <- false;         // whether the agent has heard of this boot

function isNumber(v) {
    return typeof v == "integer" || typeof v == "float";
}

function sendHello() {
    if (agent.send("hello", null) == 0) {
        helloSent = true;
    } else {
        server.log("hello not sent (offline), will retry on the next tick");
    }
}

function sendPulse(p) {
    p.sent = time();
    agent.send("pulse", { boot = boot, seq = p.seq, acked = acked, wh = p.wh });
}

function tick() {
    local wh = meterPin.read() * scale;
    local now = time();

    if (!helloSent) sendHello();
    foreach (p in queue) if (now - p.sent >= RESEND) sendPulse(p);
    // The meter only counts up: a negative reading is a glitch.
    local p = { seq = nextSeq++, wh = wh > 0 ? wh : 0.0, sent = 0 };
    queue.push(p);
    sendPulse(p);
    // Re-arm before anything else can go wrong: a meter that stops
    // ticking loses every reading from then on.
    if (imp.wakeup(PULSE_PERIOD, tick) == null) {
        server.error("cannot arm the pulse timer; meter stopped");
    }
}

// Handlers first: the agent answers "hello" at once.
agent.on("calibration", function(data) {
    if (typeof data != "table" || !("scale" in data) || !isNumber(data.scale) || data.scale <= 0) {
        server.error("ignoring calibration without a positive 'scale'");
        return;
    }
    scale = data.scale.tofloat();
    server.log("calibration applied: scale=" + scale);
});

agent.on("ack", function(a) {
    if (typeof a != "table" || !("boot" in a) || a.boot != boot || !("seq" in a)) return;
    if (a.seq > acked) acked = a.seq;
    while (queue.len() > 0 && queue[0].seq <= a.seq) queue.remove(0);
});

sendHello();
if (imp.wakeup(PULSE_PERIOD, tick) == null) {
    server.error("cannot arm the pulse timer; meter stopped");
}
