// water_daily.device.nut - water_daily device code, shared by both
// variants: target -> runs in imp-device's Squirrel VM under the harness.
//
// A water meter: every minute the device reads the litres that flowed
// since the last read (pin1, the workload's "pin1" sensor) and sends them
// to the agent. What could not be sent (offline) rides with the next.
//
// Messages:
//   device -> agent  "flow"  {litres: integer >= 0}

const PERIOD = 60;

meter <- hardware.pin1;
meter.configure(PULSE_COUNTER);
unsent <- 0;

function tick() {
    unsent += meter.read();
    if (agent.send("flow", { litres = unsent }) == 0) unsent = 0;
    if (imp.wakeup(PERIOD, tick) == null) server.error("cannot arm the read timer");
}

if (imp.wakeup(PERIOD, tick) == null) server.error("cannot arm the read timer");
