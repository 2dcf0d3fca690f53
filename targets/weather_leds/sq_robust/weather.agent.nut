// weather.agent.nut - weather_leds agent in Squirrel, robust variant:
// target -> runs in imp-agent's Squirrel VM. The same story as
// robust/agent.c, with the forecast fetched from the weather service over
// outbound HTTP (the endpoint target.json declares under
// workload.endpoints), as the platform's article does.
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
//
// The service can fail (http/out/error, http/out/5xx) or hang
// (http/out/slow): the request gets a short timeout rather than the
// platform's 10 minutes, and a failed fetch is retried 10 s later, so one
// bad answer does not cost the display a whole cycle. Whether to send is
// decided when the answer comes: the device may have gone meanwhile.

const DURATION = 1800;
const FORECAST_URL = "https://api.example.com/forecast/51.5074,-0.1278";
const FETCH_TIMEOUT = 10;
const RETRY_AFTER = 10;

forecastTimer <- null;
retryTimer <- null;
deviceSynced <- false;
connSince <- time();     // when the connection this agent knows of began

// The service's answer {"temps": [now, +3h, +6h, +9h, +12h]} as the
// device's "temps" string, or null when the answer is not a forecast.
function parseForecast(resp) {
    if (resp.statuscode != 200) return null;
    try {
        local t = http.jsondecode(resp.body).temps;
        return format("%.1f:%.1f:%.1f:%.1f:%.1f", t[0], t[1], t[2], t[3], t[4]);
    } catch (e) {
        return null;
    }
}

function fetchForecast() {
    http.get(FORECAST_URL).sendasync(function(resp) {
        local temps = parseForecast(resp);

        if (temps == null) {
            server.log("forecast request failed (" + resp.statuscode + "): retrying");
            if (retryTimer == null) {
                retryTimer = imp.wakeup(RETRY_AFTER, function() {
                    retryTimer = null;
                    fetchForecast();
                });
            }
            return;
        }
        if (deviceSynced) device.send("temps", { temps = temps });
    }, null, FETCH_TIMEOUT);
}

function getForecast() {
    if (deviceSynced) fetchForecast();
    if (forecastTimer != null) imp.cancelwakeup(forecastTimer);
    forecastTimer = imp.wakeup(DURATION, getForecast);
}

device.on("ready", function(data) {
    if (typeof data != "table" || !("at" in data) || typeof data.at != "integer" ||
        data.at < connSince) {
        return;     // sent before a reboot or reconnect we have not seen
    }
    // Sync and fetch at once; the running cycle is re-armed from here, so
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
