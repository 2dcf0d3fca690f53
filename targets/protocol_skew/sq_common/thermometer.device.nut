// thermometer.device.nut - protocol_skew device code in Squirrel, version
// 1 (both Squirrel variants): target -> runs in imp-device's Squirrel VM.
// The same story as common/device.c: a thermometer that reports every
// minute in version 1's format.
//
// A TMP36 on pin9 (an analog input: the workload's "pin9" sensor gives raw
// 16-bit counts) is read once a minute and sent as {"temp": Celsius, "at":
// time()}. The "ack" handler is registered before the first reading goes
// out, so the agent's answer always finds it. The timer is re-armed before
// the send: while the device is offline agent.send() suspends the code
// (SUSPEND_ON_ERROR) until the link is back, so that reading goes as soon
// as the device has reconnected, and a tick that came due meanwhile runs
// right after it. After a deploy made while the device was offline, those
// version 1 readings reach the version 2 agent (the version-skew window).
//
// Messages:
//   device -> agent  "reading"  {"temp": number (Celsius), "at": time() when sent}
//   agent -> device  "ack"      {"n": integer}

const REPORT_PERIOD = 60;   // seconds between readings
const VREF = 3.3;           // the ADC's reference voltage

sensor <- hardware.pin9;
sensor.configure(ANALOG_IN);

function readTempC() {
    // TMP36: 0.5 V at 0 C, 10 mV per degree.
    local volts = sensor.read() * VREF / 65535.0;
    return (volts - 0.5) * 100.0;
}

agent.on("ack", function(data) {
    if (typeof data != "table" || !("n" in data) || typeof data.n != "integer") {
        server.error("ack without an integer 'n'");
    }
});

function report() {
    if (imp.wakeup(REPORT_PERIOD, report) == null) server.error("cannot arm the report timer");
    agent.send("reading", { temp = readTempC(), at = time() });
}

report();
