// thermostat.device.nut - handler_typo device code in Squirrel, shared by
// the Squirrel variants: target -> runs in imp-device's Squirrel VM. The
// same story as common/device.c, written as the imp product would be.
//
// A small thermostat for the platform's warning ("a mis-typed message name
// string in either of the two calls"). The device is the correct half: it
// registers both handlers before it sends anything, so any "no handler"
// error comes from a name the agent got wrong, not from a boot race.
//
// Every 5 minutes it reads a TMP36 temperature sensor on pin9 (an analog
// input: the workload's "pin9" sensor gives raw 16-bit counts) and sends
// the temperature to the agent, which answers with the setpoint and whether
// to heat; every 10 minutes the agent also pushes a display line. Until a
// setpoint arrives the heater stays off: fail cold, not hot.
//
// Messages:
//   device -> agent  "temperature"  {"temp_c": number}
//   agent -> device  "setpoint"     {"setpoint_c": number, "heat": bool}
//   agent -> device  "display"      {"text": string}

const REPORT_PERIOD = 300;      // seconds between reports
const VREF = 3.3;               // the ADC's reference voltage

sensor <- hardware.pin9;
sensor.configure(ANALOG_IN);

heating <- false;               // the relay
setpoint <- null;               // last setpoint from the agent

function readTempC() {
    // TMP36: 0.5 V at 0 C, 10 mV per degree.
    local volts = sensor.read() * VREF / 65535.0;
    return (volts - 0.5) * 100.0;
}

function setHeating(on) {
    if (on == heating) return;
    heating = on;
    server.log("heater " + (on ? "on" : "off"));
}

agent.on("setpoint", function(data) {
    if (typeof data != "table" || !("setpoint_c" in data) || !("heat" in data) ||
        typeof data.heat != "bool") {
        server.error("ignoring malformed setpoint message");
        return;
    }
    setpoint = data.setpoint_c;
    setHeating(data.heat);
});

agent.on("display", function(data) {
    // The "screen" is the log: what a user would read on the device.
    local text = (typeof data == "table" && "text" in data) ? data.text : "(blank)";
    server.log("display: " + text);
});

function report() {
    // An unsent reading is superseded by the next one: only the current
    // temperature matters to a thermostat.
    if (agent.send("temperature", { temp_c = readTempC() }) != 0) {
        server.log("temperature not sent (offline)");
    }
    if (imp.wakeup(REPORT_PERIOD, report) == null) {
        server.error("cannot arm the report timer; thermostat stopped");
    }
}

report();
