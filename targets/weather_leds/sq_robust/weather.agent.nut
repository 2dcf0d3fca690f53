// weather.agent.nut - weather_leds agent in Squirrel, robust variant:
// target -> runs in imp-agent's Squirrel VM. The same story as
// robust/agent.c.
//
// The article arms a 30 s timer at start and, if the device is connected
// but silent by then, assumes the agent was restarted alone. Chaos found
// that guess wrong both ways (a device that only lost its link never says
// "ready" again; a slowly booting one gets a forecast before its handlers
// exist). So this agent never guesses from timing: it sends only to a
// device it has heard since the connection began, and the robust device
// says "ready" at boot and every 10 minutes. The 30-minute cycle keeps
// ticking while the device is away but sends nothing until the device has
// spoken again; a "ready" stamped before the connection this agent knows of
// began (held up in a migration) does not count.

const DURATION = 1800;

forecastTimer <- null;
deviceSynced <- false;
connSince <- time();     // when the connection this agent knows of began

function temperatureAt(t) {
    local hour = (t / 3600) % 24;
    local fromPeak = hour > 15 ? hour - 15 : 15 - hour;
    return 18.0 - 0.8 * fromPeak;
}

function getForecast() {
    local now = time();

    if (deviceSynced) {
        device.send("temps", {
            temps = format("%.1f:%.1f:%.1f:%.1f:%.1f", temperatureAt(now),
                           temperatureAt(now + 3 * 3600), temperatureAt(now + 6 * 3600),
                           temperatureAt(now + 9 * 3600), temperatureAt(now + 12 * 3600))
        });
    }
    if (forecastTimer != null) imp.cancelwakeup(forecastTimer);
    forecastTimer = imp.wakeup(DURATION, getForecast);
}

device.on("ready", function(data) {
    if (typeof data != "table" || !("at" in data) || typeof data.at != "integer" ||
        data.at < connSince) {
        return;     // sent before a reboot or reconnect we have not seen
    }
    // Sync and send at once; the running cycle is re-armed from here, so
    // there is never a second one.
    if (!deviceSynced) {
        deviceSynced = true;
        getForecast();
    }
});

// The device went away: it may come back rebooting, without handlers.
device.ondisconnect(function() {
    deviceSynced = false;
});

device.onconnect(function() {
    connSince = time();
});
