// clock.agent.nut - a test-only agent (suites/local/test_calendar.c): at
// start and 30 minutes later, logs what time() and date() read, so a test
// can compare them with the scenario's start.
function show() {
    local d = date();
    server.log(format("clock time=%d date=%04d-%02d-%02d %02d:%02d:%02d wday=%d yday=%d",
                      time(), d.year, d.month + 1, d.day, d.hour, d.min, d.sec, d.wday, d.yday));
}
show();
imp.wakeup(1800, show);
