// weather.agent.nut - weather_leds agent in Squirrel, naive variant: the
// "before" code of the platform's "Mitigating Agent Migrations" article,
// target -> runs in imp-agent's Squirrel VM. The same story as
// naive/agent.c.
//
// THE BUG (deliberate, keep it): the 30-minute forecast cycle starts only
// when the device says "ready". After a migration or an agent-only restart
// the new instance waits for a "ready" the device, which kept running, sent
// long ago: the display never gets another forecast (liveness:temps).

const DURATION = 1800;

forecastTimer <- null;

// Stands in for the weather service: a deterministic daily curve.
function temperatureAt(t) {
    local hour = (t / 3600) % 24;
    local fromPeak = hour > 15 ? hour - 15 : 15 - hour;
    return 18.0 - 0.8 * fromPeak;
}

function getForecast() {
    local now = time();

    device.send("temps", {
        temps = format("%.1f:%.1f:%.1f:%.1f:%.1f", temperatureAt(now),
                       temperatureAt(now + 3 * 3600), temperatureAt(now + 6 * 3600),
                       temperatureAt(now + 9 * 3600), temperatureAt(now + 12 * 3600))
    });
    if (forecastTimer != null) imp.cancelwakeup(forecastTimer);
    forecastTimer = imp.wakeup(DURATION, getForecast);
}

device.on("ready", function(data) {
    getForecast();
});
