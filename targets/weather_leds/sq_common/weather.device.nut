// weather.device.nut - weather_leds device code in Squirrel, the "before"
// device of the platform's "Mitigating Agent Migrations" article: target ->
// runs in imp-device's Squirrel VM. The same story as common/device.c.
//
// Five LEDs (PWM on pins 1, 2, 5, 7 and 8) show the temperature now and
// 3, 6, 9 and 12 hours ahead. The device says "ready" once, at boot, and
// shows every "temps" forecast the agent sends: "t0:t3:t6:t9:t12".

leds <- [hardware.pin1, hardware.pin2, hardware.pin5, hardware.pin7, hardware.pin8];
foreach (led in leds) led.configure(PWM_OUT, 1.0 / 400, 0.0);

// Cold is dim, warm is bright: 0 C and below off, 30 C and above full.
function brightness(celsius) {
    local b = celsius / 30.0;
    return b < 0 ? 0.0 : b > 1 ? 1.0 : b;
}

agent.on("temps", function(data) {
    if (typeof data != "table" || !("temps" in data) || typeof data.temps != "string") {
        server.error("forecast without a 'temps' string");
        return;
    }
    local readings = split(data.temps, ":");
    foreach (i, led in leds) {
        if (i < readings.len()) led.write(brightness(readings[i].tofloat()));
    }
});

agent.send("ready", null);
