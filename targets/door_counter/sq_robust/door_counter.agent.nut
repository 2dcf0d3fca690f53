// door_counter.agent.nut - door_counter agent in Squirrel, robust variant:
// target -> runs in imp-agent's Squirrel VM. The same story as
// robust/agent.c.
//
// The agent keeps the running count of door openings in server.save()
// storage and publishes it (impchaos.observe: what a dashboard would
// show). It publishes only a count that is stored: openings it could not
// store are kept in memory, and the save is retried every 5 seconds until
// the store takes it, one retry timer at a time (a retry already armed
// stores the openings that arrive meanwhile too).
//
// The device sends each report until it is acknowledged (delivery at least
// once), so the agent counts a report only once: it keeps the last report
// it counted, (boot, seq), in the same table as the count. A report at or
// before it is sent again and not counted; the next one (seq + 1, or seq 0
// of a later boot) is; one after a gap waits until the device sends the
// missing ones again. Only stored reports are acknowledged, so a restart
// that loses the unsaved ones makes the device send them again.
//
// An acknowledgement that does not answer the report just received (the
// one a save retry sends) goes only to a device whose code is running: the
// link comes up before a rebooted device has registered its "ack" handler,
// so a (re)connection marks the device not ready, and a report marks it
// ready again. An acknowledgement that cannot be sent is skipped: the
// device sends the report again and the answer to it acknowledges it.
//
// Persisted table: {count, boot, seq}.

const SAVE_RETRY = 5;       // seconds between retries of a failed save

stored <- { count = 0, boot = -1, seq = -1 };   // what the store holds
counted <- clone stored;    // the same with the reports not stored yet
retryTimer <- null;
// Whether the device's code is running, so its "ack" handler exists: set by
// its reports, cleared when it connects or disconnects.
deviceReady <- false;

// Skipped while the device may be booting: it sends the report again.
function ack() {
    if (!deviceReady) return;
    device.send("ack", { boot = stored.boot, seq = stored.seq });
}

// 0 when the table is stored.
function save(t) {
    try {
        return server.save(t);
    } catch (e) {
        return e;
    }
}

function trySave() {
    local t = clone counted;
    local rc = save(t);

    retryTimer = null;
    if (rc != 0) {
        server.error("server.save failed (" + rc + "); " + (t.count - stored.count) +
                     " openings kept, retrying in " + SAVE_RETRY + " s");
        retryTimer = imp.wakeup(SAVE_RETRY, trySave);
        return;
    }
    stored = t;
    impchaos.observe("count", stored.count);
    ack();
}

// Restore before the handler exists: a restart resumes from the stored count.
local saved = server.load();
foreach (k, v in saved) if (k in stored && typeof v == typeof stored[k]) stored[k] = v;
if ("count" in saved && typeof saved.count == "float") stored.count = saved.count.tointeger();
counted = clone stored;

device.on("openings", function(m) {
    if (typeof m != "table" || !("boot" in m) || !("seq" in m) || !("openings" in m) ||
        typeof m.boot != "integer" || typeof m.seq != "integer" ||
        typeof m.openings != "integer" || m.openings < 0) {
        server.error("ignoring a report without boot, seq and a non-negative 'openings'");
        return;
    }
    deviceReady = true;     // a report: the device's code runs
    if (m.boot < counted.boot || (m.boot == counted.boot && m.seq <= counted.seq)) {
        if (retryTimer == null) ack();      // sent again: stored already
        return;
    }
    // A gap: the device sends the missing ones again, unless they were
    // acknowledged once (the store was rolled back since): then skip it.
    local next = m.boot == counted.boot ? counted.seq + 1 : 0;
    local acked = ("acked" in m && typeof m.acked == "integer") ? m.acked : -1;
    if (m.seq != next && !(acked >= next && m.seq == acked + 1)) return;
    counted.count += m.openings;
    counted.boot = m.boot;
    counted.seq = m.seq;
    if (retryTimer == null) trySave();
});
// A rebooted device's link comes up before its code registers its handlers.
device.onconnect(function() { deviceReady = false; });
device.ondisconnect(function() { deviceReady = false; });
