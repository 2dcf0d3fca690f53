// power_meter.agent.nut - power_meter agent in Squirrel, robust variant:
// target -> runs in imp-agent's Squirrel VM under the harness. The same
// story as robust/agent.c.
//
// The fixed version of a user's forum report ("Preserving persistent
// storage through server maintenance"): the agent accumulates the meter's
// energy overall, per day and per week, and keeps the totals across agent
// restarts, migrations and server maintenance.
//
// The saved table is the only state that survives a restart, so the totals
// are restored when the agent starts, before any handler exists: the first
// pulse after a restart, whatever caused it, is added to the restored
// totals. Nothing depends on the device rebooting alongside the agent; its
// "hello" asks for calibration (and says that its code runs).
//
// Each pulse rolls the day and week accumulators over when the day or week
// changed, adds the energy to all three, then saves the whole table. A
// save that fails keeps the totals in memory and is retried every few
// seconds (each save replaces the whole table, so one success carries them
// all); one retry timer at a time.
//
// Invariants: total_wh never decreases; day_wh (week_wh) decreases only
// when day (week) changes; the totals published are those the store holds.
//
// Its device sends each pulse until it is acknowledged, so the agent counts
// a pulse once: it keeps the last pulse it counted, (boot, seq), in the same
// table as the totals. A pulse at or before it was sent again and is not
// counted; the next one (seq + 1, or seq 0 of a later boot) is; one after a
// gap waits until the device sends the missing ones again. Only stored
// pulses are acknowledged, so a restart that loses the unsaved ones makes
// the device send them again.
//
// An acknowledgement that does not answer the pulse just received (the one
// a save retry sends) goes only to a device whose code is running: the link
// comes up before a rebooted device has registered its "ack" handler, so a
// (re)connection marks the device not ready, and its "hello" or a pulse
// marks it ready again. An acknowledgement that cannot be sent is skipped:
// the device sends the pulse again and the answer to it acknowledges it.
//
// Persisted table: {total_wh, day_wh, day, week_wh, week, boot, seq}.

const SECONDS_PER_DAY = 86400;
const DAYS_PER_WEEK = 7;
const CALIBRATION_SCALE = 1.0;
const SAVE_RETRY = 5;        // seconds between retries of a failed save

meter <- {
    total_wh = 0.0,          // energy since the meter was installed
    day_wh = 0.0,            // energy since the start of `day`
    day = 0,                 // days since the Unix epoch that day_wh belongs to
    week_wh = 0.0,           // energy since the start of `week`
    week = 0,                // day / 7 of the week that week_wh belongs to
    boot = -1,               // the last pulse counted: its device boot
    seq = -1                 // and its number in that boot
};
retryTimer <- null;
// Whether the device's code is running, so its "ack" handler exists: set by
// its messages, cleared when it connects or disconnects.
deviceReady <- false;

// One field of the saved table: missing counts as 0 (a table from before
// the field existed); the wrong type is corruption, reported, never silent.
function loadNumber(table, key) {
    if (!(key in table)) return 0;
    local v = table[key];
    if (typeof v != "integer" && typeof v != "float") {
        server.error("persisted '" + key + "' is not a number; using 0");
        return 0;
    }
    return v;
}

function restoreTotals() {
    local table = server.load();

    meter.total_wh = loadNumber(table, "total_wh").tofloat();
    meter.day_wh = loadNumber(table, "day_wh").tofloat();
    meter.week_wh = loadNumber(table, "week_wh").tofloat();
    meter.day = loadNumber(table, "day").tointeger();
    meter.week = loadNumber(table, "week").tointeger();
    if ("boot" in table && typeof table.boot == "integer") meter.boot = table.boot;
    if ("seq" in table && typeof table.seq == "integer") meter.seq = table.seq;
    server.log(format("restored total=%g Wh day=%g Wh week=%g Wh",
                      meter.total_wh, meter.day_wh, meter.week_wh));
}

// 0 when the table is stored.
function saveTotals() {
    local rc;

    try {
        rc = server.save(meter);
    } catch (e) {
        server.error("server.save threw (" + e + "); keeping totals in memory");
        return -1;
    }
    if (rc != 0) server.error("server.save failed (" + rc + "); keeping totals in memory");
    return rc;
}

// Publishes the totals, what a dashboard would show (impchaos.observe: the
// counter-monotonic invariants read it along with the saved table). Each
// epoch goes before its counter, so a checker sees the new day before the
// day_wh that restarted at 0.
function publishTotals() {
    impchaos.observe("total_wh", meter.total_wh);
    impchaos.observe("day", meter.day);
    impchaos.observe("day_wh", meter.day_wh);
    impchaos.observe("week", meter.week);
    impchaos.observe("week_wh", meter.week_wh);
}

// Tells the device which pulses are stored (called only when the store
// holds meter). Skipped while the device may be booting: it sends the pulse
// again.
function ack() {
    if (!deviceReady) return;
    device.send("ack", { boot = meter.boot, seq = meter.seq });
}

// Saves the totals and publishes them once stored (never totals the store
// does not hold), or retries the save in a few seconds.
function saveOrRetry() {
    retryTimer = null;
    if (saveTotals() == 0) {
        publishTotals();
        ack();
        return;
    }
    retryTimer = imp.wakeup(SAVE_RETRY, saveOrRetry);
    if (retryTimer == null) server.error("cannot schedule a save retry; the next pulse will save");
}

function onPulse(data) {
    if (typeof data != "table" || !("wh" in data) ||
        (typeof data.wh != "integer" && typeof data.wh != "float") || data.wh < 0) {
        server.error("ignoring pulse without a non-negative 'wh'");
        return;
    }
    if (!("boot" in data) || !("seq" in data) || typeof data.boot != "integer" ||
        typeof data.seq != "integer") {
        server.error("ignoring pulse without boot and seq");
        return;
    }
    deviceReady = true;      // a pulse: the device's code runs
    if (data.boot < meter.boot || (data.boot == meter.boot && data.seq <= meter.seq)) {
        // Sent again: counted already (and stored, unless a retry is
        // pending, which acknowledges it when it succeeds).
        if (retryTimer == null) ack();
        return;
    }
    // A gap: the device sends the missing ones again, unless they were
    // acknowledged once (the store was rolled back since): then skip it.
    local next = data.boot == meter.boot ? meter.seq + 1 : 0;
    local acked = ("acked" in data && typeof data.acked == "integer") ? data.acked : -1;
    if (data.seq != next && !(acked >= next && data.seq == acked + 1)) return;
    meter.boot = data.boot;
    meter.seq = data.seq;
    local day = time() / SECONDS_PER_DAY;
    local week = day / DAYS_PER_WEEK;

    if (day != meter.day) {
        meter.day = day;
        meter.day_wh = 0.0;
    }
    if (week != meter.week) {
        meter.week = week;
        meter.week_wh = 0.0;
    }
    meter.total_wh += data.wh;
    meter.day_wh += data.wh;
    meter.week_wh += data.wh;
    if (retryTimer == null) saveOrRetry();
}

// The device booted: it needs its calibration. The totals are in memory
// since start-up, so nothing is reloaded here.
function onHello(data) {
    deviceReady = true;
    device.send("calibration", { scale = CALIBRATION_SCALE });
}

// Restore before any handler exists, so no pulse is counted against zeroed
// totals.
restoreTotals();
device.on("hello", onHello);
device.on("pulse", onPulse);
// A rebooted device's link comes up before its code registers its handlers.
device.onconnect(function() { deviceReady = false; });
device.ondisconnect(function() { deviceReady = false; });
