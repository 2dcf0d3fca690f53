// thermometer.device.nut - protocol_skew device code in Squirrel, version
// 2 (both Squirrel variants, installed by deploy/code): target -> runs in
// imp-device's Squirrel VM. The same story as v2/device.c: sq_common's
// thermometer with version 2's reading, which names its unit.
//
// The protocol change: "reading" {"temp": 21.5, "at": T} becomes
// {"temp_c": 21.5, "unit": "C", "at": T}. Everything else is version 1's.
//
// Messages:
//   device -> agent  "reading"  {"temp_c": number, "unit": "C", "at": time() when sent}
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
    agent.send("reading", { temp_c = readTempC(), unit = "C", at = time() });
}

report();
