// power_meter.device.nut - power_meter device code in Squirrel, shared by
// the Squirrel variants: target -> runs in imp-device's Squirrel VM under
// the harness. The same story as common/device.c, written as the imp
// product would be.
//
// Reproduces the device half of a user's forum report ("Preserving
// persistent storage through server maintenance"): an energy meter whose
// pulse output is wired to pin1 reports its energy to the agent once a
// minute and, at boot, asks the agent for its calibration constant.
//
// Boot registers the "calibration" handler before anything is sent, so the
// agent's reply to "hello" never finds the device without a handler. Each
// tick reads the Wh counted since the last read (pin1, the workload's
// "pin1" sensor) and sends "pulse" {"wh": energy, "seq": n}. Energy is never
// dropped on the device: a reading that could not be sent stays in
// pendingWh and rides along with the next pulse; a "hello" that could not
// be sent is retried on the next tick.
//
// Messages:
//   device -> agent  "hello"        null, once per boot
//   device -> agent  "pulse"        {"wh": number >= 0, "seq": integer}
//   agent -> device  "calibration"  {"scale": number > 0}

const PULSE_PERIOD = 60;    // seconds between meter reads

meterPin <- hardware.pin1;
meterPin.configure(PULSE_COUNTER);

scale <- 1.0;               // calibration factor; 1.0 until the agent sends one
pendingWh <- 0.0;           // energy read but not yet handed to the link
seq <- 0;                   // pulses handed to the link since this boot
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

function sendPulse() {
    if (agent.send("pulse", { wh = pendingWh, seq = seq }) == 0) {
        pendingWh = 0.0;
        seq++;
    } else {
        server.log(format("pulse not sent (offline), carrying %g Wh forward", pendingWh));
    }
}

function tick() {
    local wh = meterPin.read() * scale;

    // The meter only counts up: a negative reading is a glitch.
    if (wh > 0) pendingWh += wh;
    if (!helloSent) sendHello();
    sendPulse();
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

sendHello();
if (imp.wakeup(PULSE_PERIOD, tick) == null) {
    server.error("cannot arm the pulse timer; meter stopped");
}
