// door_counter.agent.nut - door_counter agent in Squirrel, robust variant:
// target -> runs in imp-agent's Squirrel VM. The same story as
// robust/agent.c.
//
// The agent keeps the running count of door openings in server.save()
// storage and publishes it (impchaos.observe: what a dashboard would
// show). It publishes only a count that is stored: openings it could not
// store are kept in memory, and the save is retried every 5 seconds until
// the store takes it, one retry timer at a time (a retry already armed
// stores the openings that arrive meanwhile too). A restart at any moment
// then resumes from a count at least as high as any count it published;
// the unsaved openings of that moment are lost, never counted twice.
//
// Persisted table: {count}.

const SAVE_RETRY = 5;       // seconds between retries of a failed save

stored <- 0;                // the count the store holds
pending <- 0;               // openings counted but not yet stored
retryTimer <- null;

// 0 when the table is stored.
function save(total) {
    try {
        return server.save({ count = total });
    } catch (e) {
        return e;
    }
}

function trySave() {
    local total = stored + pending;
    local rc = save(total);

    retryTimer = null;
    if (rc != 0) {
        server.error("server.save failed (" + rc + "); " + pending +
                     " openings kept, retrying in " + SAVE_RETRY + " s");
        retryTimer = imp.wakeup(SAVE_RETRY, trySave);
        return;
    }
    stored = total;
    pending = 0;
    impchaos.observe("count", stored);
}

// Restore before the handler exists: a restart resumes from the stored count.
local saved = server.load();
if ("count" in saved && (typeof saved.count == "integer" || typeof saved.count == "float")) {
    stored = saved.count;
}

device.on("openings", function(data) {
    if (typeof data != "table" || !("openings" in data) ||
        (typeof data.openings != "integer" && typeof data.openings != "float") ||
        data.openings < 0) {
        server.error("ignoring a report without a non-negative 'openings'");
        return;
    }
    pending += data.openings;
    if (retryTimer == null) trySave();
});

