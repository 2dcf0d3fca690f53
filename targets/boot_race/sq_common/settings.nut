// settings.nut - the agent half of boot_race's settings protocol in
// Squirrel, @included by every Squirrel agent variant and version (target
// code; the same as common/settings.h).
//
// The display's brightness follows the time of day (bright by day, dim at
// night), so the device asks for its settings every few minutes by saying
// "ready" and the agent computes them afresh each time. SETTINGS_VERSION is
// the code version of the agent that includes this file: 1, or 2 in the
// *_v2 agents that a deploy installs. Version 2 dims the night setting and
// reports less often, so a trace shows which agent configured the device.
//
// A "ready" is current when it was sent at or after connSince, the time
// the agent's latest device.onconnect fired or its code started (the
// device may have connected before the instance started). An older one may
// come from a process that has rebooted since: a "ready" on its way when
// the agent migrates is delivered once the new instance is up, and if the
// device rebooted meanwhile, an answer would reach the new process before
// its handler exists. A reboot takes at least a second (power-on, then the
// connect), so in whole seconds a "ready" from the connected process is
// stamped at or after connSince, and one from an earlier process before it.

if (!("SETTINGS_VERSION" in getroottable())) ::SETTINGS_VERSION <- 1;

const DAY_START_HOUR = 7;   // day brightness from 07:00 UTC...
const DAY_END_HOUR = 21;    // ...until 21:00 UTC

function settingsNow() {
    local hour = (time() / 3600) % 24;
    local day = hour >= DAY_START_HOUR && hour < DAY_END_HOUR;

    return {
        version = SETTINGS_VERSION,
        brightness = day ? 80 : (SETTINGS_VERSION >= 2 ? 10 : 25),
        report_every = SETTINGS_VERSION >= 2 ? 600 : 300
    };
}

// Whether a "ready" comes from the process connected now, as far as
// connSince can tell. A malformed one is an error; a stale one is logged
// and refused: the device says "ready" again within 10 minutes.
function readyIsCurrent(ready, connSince) {
    if (typeof ready != "table" || !("at" in ready) || typeof ready.at != "integer") {
        server.error("'ready' without an integer 'at'");
        return false;
    }
    if (ready.at < connSince) {
        server.log(format("ignoring a 'ready' sent at %d, before the connection began (%d): " +
                          "its sender may have rebooted since", ready.at, connSince));
        return false;
    }
    return true;
}

function sendSettings() {
    device.send("settings", settingsNow());
}
