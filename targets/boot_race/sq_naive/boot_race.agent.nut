// boot_race.agent.nut - boot_race agent in Squirrel, naive variant:
// target -> runs in imp-agent's Squirrel VM. The same story as
// naive/agent.c: the settings push that races the device's boot.
//
// It answers each current "ready" with the settings, exactly as sq_robust
// does, and then adds two shortcuts that look like resilience:
//   - at start-up it pushes at once when the device is already connected
//     ("I was restarted alone: configure the running device now");
//   - device.onconnect pushes again whenever a device it has configured
//     before comes back ("a reconnect: resync it at once").
// THE BUG (deliberate, keep it): both assume that a connected device has
// its handlers. After a Wi-Fi drop or an agent-only restart that holds,
// because the device's code kept running. After a power cycle, a slow boot
// or a code deploy it does not: the device connects 1-5 s after power-on
// and its code starts 0.1-2 s (with a slow boot, minutes) after the
// connect, so the push arrives first and is dropped with "ERROR: no handler
// for device.send()". At the very first boot the agent has configured
// nothing yet and waits for "ready", which is why the bug never shows on
// the bench.
//
// Version 1; sq_naive_v2 is this code with version 2's settings.

@include "../sq_common/settings.nut"

connSince <- time();    // when the connection this agent knows of began
configured <- false;    // whether this agent has sent the device settings

function pushSettings() {
    sendSettings();
    configured = true;
}

device.on("ready", function(data) {
    if (readyIsCurrent(data, connSince)) pushSettings();
});

device.onconnect(function() {
    connSince = time();
    if (configured) pushSettings();     // the bug: the device may still be booting
});

// The same bug after a deploy, which restarts both sides.
if (device.isconnected()) pushSettings();
