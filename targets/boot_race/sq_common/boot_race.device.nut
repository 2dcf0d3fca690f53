// boot_race.device.nut - boot_race device code in Squirrel, shared by the
// Squirrel variants and both code versions: target -> runs in imp-device's
// Squirrel VM. The same story as common/device.c: a display that applies
// the settings its agent sends.
//
// The "settings" handler is registered first; only then does the device
// say "ready", so a "ready" proves to the agent that a settings message now
// has a handler. It says it again every 10 minutes: the brightness follows
// the time of day, and an agent restarted alone (a migration, maintenance)
// would otherwise never hear from a device that booted long before it.
//
// Each "ready" carries the time it was sent ("at", time(): the clock the
// device and its agent share), so the robust agent can refuse one that
// predates the connection it knows of: a "ready" held across an agent
// migration may be delivered after its sender rebooted. For the same
// reason the device does not say "ready" while offline (under
// SUSPEND_ON_ERROR the send would wait for the link and go out with a stale
// time); it looks again every 5 seconds until it is back.
//
// The applied settings version is published with impchaos.observe(), so a
// trace shows when the device ran with version 2's settings.
//
// Messages:
//   device -> agent  "ready"     {"at": time() when sent}, at boot and
//                                every READY_EVERY seconds
//   agent -> device  "settings"  {"version": 1|2, "brightness": 0..100,
//                                 "report_every": seconds > 0}

const READY_EVERY = 600;    // how often the device asks for fresh settings
const READY_RETRY = 5;      // how soon an offline device looks again

backlight <- hardware.pin1;
backlight.configure(PWM_OUT, 1.0 / 500, 0.0);

reportEvery <- 300;         // seconds, until the agent says otherwise

agent.on("settings", function(s) {
    if (typeof s != "table" || !("version" in s) || !("brightness" in s) ||
        !("report_every" in s) || typeof s.version != "integer" ||
        typeof s.brightness != "integer" || typeof s.report_every != "integer" ||
        s.report_every <= 0) {
        server.error("settings without integer 'version', 'brightness' and 'report_every'");
        return;
    }
    backlight.write(s.brightness / 100.0);
    reportEvery = s.report_every;
    impchaos.observe("settings_version", s.version);
});

function sayReady() {
    local next = READY_RETRY;

    if (server.isconnected()) {
        agent.send("ready", { at = time() });
        next = READY_EVERY;
    }
    if (imp.wakeup(next, sayReady) == null) server.error("cannot arm the 'ready' timer");
}

sayReady();
