// water_daily.agent.nut - water_daily agent, naive variant: target -> runs
// in imp-agent's Squirrel VM under the harness.
//
// Keeps today's litres (day_l, saved) and publishes them with the date they
// belong to (day: days since 1970, from the clock). The bug: it starts a
// new day every 24 hours counted from when this agent instance started,
// not at midnight. Started at midnight it looks right; started at 23:40 it
// goes on adding the new day's water to yesterday's total, and resets it at
// 23:40 the next day, in the middle of a day it already published
// (counter-monotonic:day_l/day). A test whose clock starts at midnight, or
// an agent restarted every few hours, never shows it.

const DAY = 86400;

started <- time();
daysUp <- 0;                  // whole days since this instance started
dayL <- 0;
local saved = server.load();
if ("day_l" in saved) dayL = saved.day_l;

device.on("flow", function(m) {
    local up = (time() - started) / DAY;

    if (up != daysUp) {       // "a day has passed": a new daily total
        daysUp = up;
        dayL = 0;
    }
    dayL += m.litres;
    local today = time() / DAY;
    if (server.save({ day = today, day_l = dayL }) != 0) return;
    impchaos.observe("day", today);
    impchaos.observe("day_l", dayL);
});
