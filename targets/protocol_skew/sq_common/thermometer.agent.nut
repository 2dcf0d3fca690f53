// thermometer.agent.nut - protocol_skew agent in Squirrel, version 1 (both
// Squirrel variants): target -> runs in imp-agent's Squirrel VM. The same
// story as common/agent.c: logs the device's temperature readings and
// acknowledges each one it accepts.
//
// Version 1 only ever meets version 1 devices: a deploy restarts the agent
// with version 2 first, so an agent is never older than its device.
//
// Messages:
//   device -> agent  "reading"  {"temp": number (Celsius), "at": integer}
//   agent -> device  "ack"      see ack.nut

@include "ack.nut"

acker <- Acker();

device.on("reading", function(data) {
    if (typeof data != "table" || !("temp" in data) ||
        (typeof data.temp != "float" && typeof data.temp != "integer")) {
        server.error("reading without a number 'temp'");
        return;
    }
    // The logging service stands in as an observation in the trace.
    impchaos.observe("temp_c", data.temp);
    acker.accepted(data);
});
