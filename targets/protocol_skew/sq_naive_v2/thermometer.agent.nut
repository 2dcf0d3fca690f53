// thermometer.agent.nut - protocol_skew agent in Squirrel, version 2 of the
// naive variant (installed by deploy/code): target -> runs in imp-agent's
// Squirrel VM. The same story as naive_v2/agent.c.
//
// Written for version 2's reading {"temp_c": 21.5, "unit": "C"} only.
// THE BUG (deliberate, keep it): the deploy restarts the agent at once, but
// a device that was offline keeps version 1 until it reconnects and is told
// to restart: the readings it held while offline, and any it takes before
// restarting, arrive as {"temp": 21.5, "at": ...}. This agent rejects them
// with server.error() and they are lost (a user's question: "agents that
// continue to use a superseded protocol").
//
// Messages:
//   device -> agent  "reading"  {"temp_c": number, "unit": "C", "at": integer}
//   agent -> device  "ack"      see ../sq_common/ack.nut

@include "../sq_common/ack.nut"

acker <- Acker();

device.on("reading", function(data) {
    if (typeof data != "table" || !("temp_c" in data) || !("unit" in data) ||
        (typeof data.temp_c != "float" && typeof data.temp_c != "integer") ||
        data.unit != "C") {
        server.error("reading without a number 'temp_c' in unit 'C'");
        return;
    }
    impchaos.observe("temp_c", data.temp_c);
    acker.accepted(data);
});
