// thermostat.agent.nut - handler_typo agent in Squirrel, robust variant:
// target -> runs in imp-agent's Squirrel VM. The same story as
// robust/agent.c: every name it sends ("setpoint", "display") matches an
// agent.on() in the device code, and it pushes the display only once the
// device has shown that its code runs. sq_naive differs in one name.
//
// Each "temperature" is answered with "setpoint": the target for the hour
// (day or night) and whether to heat, with half a degree of hysteresis. A
// 10-minute timer sends "display" with the last reading, but only after a
// reading arrived since this agent started and since the device last
// connected: a rebooting device has a window after it reconnects in which
// its handlers do not exist yet (the boot race the platform warns of).

const DISPLAY_PERIOD = 600;
const DAY_SETPOINT = 21.0;
const NIGHT_SETPOINT = 17.0;
const DAY_START_HOUR = 7;       // the day setpoint applies from 07:00 UTC...
const DAY_END_HOUR = 22;        // ...until 22:00 UTC
const HYSTERESIS = 0.5;

lastTemp <- 0.0;
haveTemp <- false;              // a reading since start-up and the last connect
heating <- false;               // what we last told the device

function currentSetpoint() {
    local hour = date().hour;
    return (hour >= DAY_START_HOUR && hour < DAY_END_HOUR) ? DAY_SETPOINT : NIGHT_SETPOINT;
}

device.on("temperature", function(data) {
    if (typeof data != "table" || !("temp_c" in data) ||
        (typeof data.temp_c != "float" && typeof data.temp_c != "integer")) {
        server.error("ignoring temperature without a numeric 'temp_c'");
        return;
    }
    local sp = currentSetpoint();
    lastTemp = data.temp_c;
    haveTemp = device.isconnected();
    if (lastTemp < sp - HYSTERESIS) heating = true;
    else if (lastTemp > sp + HYSTERESIS) heating = false;
    device.send("setpoint", { setpoint_c = sp, heat = heating });
});

function displayTick() {
    if (haveTemp) {
        device.send("display", {
            text = format("%.1f C (set %.1f C)%s", lastTemp, currentSetpoint(),
                          heating ? " heating" : "")
        });
    }
    if (imp.wakeup(DISPLAY_PERIOD, displayTick) == null) {
        server.error("cannot arm the display timer; display frozen");
    }
}

// The device went away: when it is back, its code may be booting.
device.ondisconnect(function() {
    haveTemp = false;
});

imp.wakeup(DISPLAY_PERIOD, displayTick);
