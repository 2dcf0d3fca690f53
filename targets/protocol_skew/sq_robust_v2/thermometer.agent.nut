// thermometer.agent.nut - protocol_skew agent in Squirrel, version 2 of the
// robust variant (installed by deploy/code): target -> runs in imp-agent's
// Squirrel VM. The same story as robust_v2/agent.c.
//
// An agent is never older than its device, but it may be newer: a device
// offline at the deploy keeps version 1 until it reconnects and restarts,
// and a connected one keeps it while it downloads the new code. So the
// version 2 agent accepts every format a device of version 1 or 2 sends:
//   version 2  {"temp_c": number, "unit": "C"|"F", "at": integer}
//   version 1  {"temp": number, "at": integer}    (always Celsius)
// and rejects (server.error) only what no version ever sent.
//
// Messages:
//   device -> agent  "reading"  either format above
//   agent -> device  "ack"      see ../sq_common/ack.nut

@include "../sq_common/ack.nut"

acker <- Acker();

function isNumber(v) {
    return typeof v == "integer" || typeof v == "float";
}

// The reading in Celsius from either version's format, or null when the
// message is neither.
function readingCelsius(data) {
    if (typeof data != "table") return null;
    if ("temp_c" in data && isNumber(data.temp_c) && "unit" in data) {
        if (data.unit == "C") return data.temp_c;
        if (data.unit == "F") return (data.temp_c - 32.0) * 5.0 / 9.0;
    }
    if ("temp" in data && isNumber(data.temp)) return data.temp;
    return null;
}

device.on("reading", function(data) {
    local celsius = readingCelsius(data);

    if (celsius == null) {
        server.error("reading in no known format (neither 'temp_c' with a unit nor 'temp')");
        return;
    }
    impchaos.observe("temp_c", celsius);
    acker.accepted(data);
});
