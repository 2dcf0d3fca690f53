// rain_gauge.agent.nut - rain_gauge agent, robust variant: target -> runs
// in imp-agent's Squirrel VM under the harness.
//
// Counts each reading once. The device numbers its readings (boot, seq) and
// sends them in order until acknowledged, so the agent keeps, with the
// total and in the same saved table, the last reading it counted: a
// reading at or before it is a duplicate (acknowledged again, not
// counted); the next one (seq + 1 of the same boot, or seq 0 of a later
// boot) is counted; one after a gap waits for the readings before it,
// which the device sends again. The total and the last reading are saved
// together before the acknowledgement goes out, so a restart between the
// two can only make the device send again what is already counted.
//
// Saved table: {total_tips, boot, seq}.

state <- { total_tips = 0, boot = -1, seq = -1 };
local saved = server.load();
foreach (k, v in saved) if (k in state) state[k] = v;

function isInt(v) { return typeof v == "integer"; }

device.on("tips", function(m) {
    if (typeof m != "table" || !("boot" in m) || !("seq" in m) || !("tips" in m) ||
        !isInt(m.boot) || !isInt(m.seq) || !isInt(m.tips) || m.tips < 0) {
        server.error("ignoring a malformed reading");
        return;
    }
    local counted = m.boot < state.boot || (m.boot == state.boot && m.seq <= state.seq);
    if (!counted) {
        local next = (m.boot == state.boot) ? state.seq + 1 : 0;
        // A gap: the device sends the missing ones again, unless they were
        // acknowledged once (the store was rolled back since): then skip it.
        local acked = ("acked" in m && isInt(m.acked)) ? m.acked : -1;
        if (m.seq != next && !(acked >= next && m.seq == acked + 1)) return;
        local was = clone state;
        state.total_tips += m.tips;
        state.boot = m.boot;
        state.seq = m.seq;
        if (server.save(state) != 0) {
            state = was;               // not stored: not counted; the device resends
            return;
        }
        impchaos.observe("total_tips", state.total_tips);
    }
    device.send("ack", { boot = state.boot, seq = state.seq });
});
