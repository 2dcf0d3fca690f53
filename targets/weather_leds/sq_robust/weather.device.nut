// weather.device.nut - weather_leds device code in Squirrel, robust
// variant: target -> runs in imp-device's Squirrel VM. The same story as
// robust/device.c: the LEDs of sq_common, plus a "ready" at boot and every
// 10 minutes. The agent cannot tell a device still booting (no handlers
// yet) from one that booted long ago and will never say "ready" again
// (after an agent-only restart), so it must not guess by timing: the device
// says it again and again, stamped so that a "ready" held up in a migration
// can be told from a current one.

const READY_EVERY = 600;

leds <- [hardware.pin1, hardware.pin2, hardware.pin5, hardware.pin7, hardware.pin8];
foreach (led in leds) led.configure(PWM_OUT, 1.0 / 400, 0.0);

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

function sayReady() {
    // Offline, this waits (SUSPEND_ON_ERROR) until the link is back.
    agent.send("ready", { at = time() });
    imp.wakeup(READY_EVERY, sayReady);
}

sayReady();
