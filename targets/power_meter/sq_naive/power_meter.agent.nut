// power_meter.agent.nut - power_meter agent in Squirrel, naive variant:
// target -> runs in imp-agent's Squirrel VM under the harness. The same
// story as naive/agent.c.
//
// Reproduces a user's forum report ("Preserving persistent storage through
// server maintenance"): the kWh total "climbed up but then reset to zero"
// after server maintenance, and the cause was "one of logic flow in my code"
// that only a device boot hid.
//
// THE BUG (deliberate, keep it): the totals start at 0 when the agent starts
// and are restored from server.load() only in the "hello" handler, which
// runs when the device boots. Build-and-run restarts both sides, so in
// testing the device always says hello first and the totals look
// persistent. When the agent alone restarts (migration, maintenance, crash)
// the device keeps running and never says hello again: the next pulse is
// added to 0 and saved over the stored total, so total_wh, day_wh and
// week_wh go back. sq_robust restores at start-up instead.
//
// Persisted table: {total_wh, day_wh, day, week_wh, week}.

const SECONDS_PER_DAY = 86400;
const CAL_SCALE = 1.0;

totalWh <- 0.0;
dayWh <- 0.0;
weekWh <- 0.0;
day <- time() / SECONDS_PER_DAY;
week <- day / 7;

function loadTotals() {
    local data = server.load();

    if ("total_wh" in data) totalWh = data.total_wh;
    if ("day_wh" in data) dayWh = data.day_wh;
    if ("day" in data) day = data.day;
    if ("week_wh" in data) weekWh = data.week_wh;
    if ("week" in data) week = data.week;
    server.log(format("loaded totals: %g Wh", totalWh));
}

function saveTotals() {
    local rc = server.save({
        total_wh = totalWh,
        day_wh = dayWh, day = day,
        week_wh = weekWh, week = week
    });
    if (rc != 0) server.error("save failed");
}

// What a dashboard would show (impchaos.observe): each epoch before its
// counter.
function publishTotals() {
    impchaos.observe("total_wh", totalWh);
    impchaos.observe("day", day);
    impchaos.observe("day_wh", dayWh);
    impchaos.observe("week", week);
    impchaos.observe("week_wh", weekWh);
}

// The device has booted: get our numbers back and send it its calibration.
device.on("hello", function(msg) {
    loadTotals();
    device.send("calibration", { scale = CAL_SCALE });
});

device.on("pulse", function(msg) {
    local today = time() / SECONDS_PER_DAY;

    // New day / new week: start the accumulator again.
    if (today != day) {
        day = today;
        dayWh = 0.0;
    }
    if (today / 7 != week) {
        week = today / 7;
        weekWh = 0.0;
    }
    totalWh += msg.wh;
    dayWh += msg.wh;
    weekWh += msg.wh;
    saveTotals();
    publishTotals();
});
