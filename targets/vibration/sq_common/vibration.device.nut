// vibration.device.nut - vibration monitor device code, shared by both
// Squirrel variants: every 30 seconds it reads 96 accelerometer samples
// (pin2, the workload's "pin2" sensor) and sends them to the agent as one
// burst. A burst that cannot be sent (offline) is dropped: the agent's
// RMS is about recent motion, not a record of all of it.
//
// Messages:
//   device -> agent  "burst"  {"seq": integer, "samples": [96 floats]}

const BURST_PERIOD = 30;    // seconds between bursts
const BURST_LEN = 96;       // samples in a burst

accel <- hardware.pin2;
accel.configure(ANALOG_IN);
seq <- 0;

function burst() {
    local samples = array(BURST_LEN);
    for (local i = 0; i < BURST_LEN; i++) samples[i] = accel.read();
    agent.send("burst", { seq = seq++, samples = samples });
    imp.wakeup(BURST_PERIOD, burst);
}

server.setsendtimeoutpolicy(RETURN_ON_ERROR, WAIT_TIL_SENT, 30);
imp.wakeup(BURST_PERIOD, burst);
