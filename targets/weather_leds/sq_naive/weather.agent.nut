// weather.agent.nut - weather_leds agent in Squirrel, naive variant: the
// "before" code of the platform's "Mitigating Agent Migrations" article,
// target -> runs in imp-agent's Squirrel VM. The same story as
// naive/agent.c, but the forecast comes from the weather service over
// outbound HTTP, as in the article: forecast request -> callback ->
// device.send("temps", ...). The service is the endpoint target.json
// declares under workload.endpoints.
//
// THE BUG (deliberate, keep it): the 30-minute forecast cycle starts only
// when the device says "ready". After a migration or an agent-only restart
// the new instance waits for a "ready" the device, which kept running, sent
// long ago: the display never gets another forecast (liveness:temps).

const DURATION = 1800;
const FORECAST_URL = "https://api.example.com/forecast/51.5074,-0.1278";

forecastTimer <- null;

// The service's answer is {"temps": [now, +3h, +6h, +9h, +12h]}.
function onForecast(resp) {
    if (resp.statuscode != 200) {
        server.log("forecast request failed: " + resp.statuscode);
        return;
    }
    local t = http.jsondecode(resp.body).temps;
    device.send("temps", {
        temps = format("%.1f:%.1f:%.1f:%.1f:%.1f", t[0], t[1], t[2], t[3], t[4])
    });
}

function getForecast() {
    http.get(FORECAST_URL).sendasync(onForecast);
    if (forecastTimer != null) imp.cancelwakeup(forecastTimer);
    forecastTimer = imp.wakeup(DURATION, getForecast);
}

device.on("ready", function(data) {
    getForecast();
});
