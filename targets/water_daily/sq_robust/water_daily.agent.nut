// water_daily.agent.nut - water_daily agent, robust variant: target -> runs
// in imp-agent's Squirrel VM under the harness.
//
// Keeps today's litres (day_l) with the calendar date they belong to (day:
// days since 1970, UTC, from the clock), saved together. A reading whose
// date differs from the saved one starts a new daily total, whenever and
// however often the agent restarted: the calendar decides, never the time
// since this instance started. Each date is published before its total,
// so a reader sees the new day before the total that restarted at 0.
//
// A save that fails (the store's fault) keeps the litres in memory, and
// the next reading's save carries them.
//
// Saved table: {day, day_l}.

const DAY = 86400;

state <- { day = -1, day_l = 0 };
unsaved <- 0;                 // litres received, not yet stored
local saved = server.load();
foreach (k, v in saved) if (k in state) state[k] = v;

device.on("flow", function(m) {
    if (typeof m != "table" || !("litres" in m) || typeof m.litres != "integer" || m.litres < 0) {
        server.error("ignoring a malformed reading");
        return;
    }
    local today = time() / DAY;
    unsaved += m.litres;
    local next = { day = today, day_l = (today == state.day ? state.day_l : 0) + unsaved };

    if (server.save(next) != 0) {
        server.log("save failed; the next reading carries " + unsaved + " l");
        return;
    }
    state = next;
    unsaved = 0;
    impchaos.observe("day", state.day);
    impchaos.observe("day_l", state.day_l);
});
