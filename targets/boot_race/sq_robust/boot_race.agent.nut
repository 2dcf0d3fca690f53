// boot_race.agent.nut - boot_race agent in Squirrel, robust variant:
// target -> runs in imp-agent's Squirrel VM. The same story as
// robust/agent.c: settings go only to a device that has said it can take
// them.
//
// The agent cannot tell from a connect, or from finding the device
// connected when its own code starts, whether the device's code is
// running: a device that rebooted (power cycle, crash, deploy) is connected
// 0.1-2 s, or with a slow boot minutes, before its code registers
// "settings". So the agent sends settings only in answer to a current
// "ready", which the device says once its handler exists, at boot and every
// 10 minutes. An agent restarted alone configures the device within 10
// minutes without guessing.
//
// Version 1; sq_robust_v2 is this code with version 2's settings.

@include "../sq_common/settings.nut"

connSince <- time();    // when the connection this agent knows of began

device.on("ready", function(data) {
    if (readyIsCurrent(data, connSince)) sendSettings();
});

device.onconnect(function() {
    connSince = time();
});
