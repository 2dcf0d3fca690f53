// caller.agent.nut - test-only agent (suites/targets/http_out, runs in
// imp-agent's Squirrel VM): what caller/agent.c does, through the Squirrel
// API, logging the same lines.

ticks <- 0;

function logReply(what, r) {
    server.log(format("%s %d %s", what, r.statuscode, r.body));
}

function tick() {
    ticks++;
    http.get("https://api.example.com/forecast?n=1").sendasync(function(r) {
        logReply("async", r);
    }, null, 5);
    if (ticks == 1) {
        http.get("https://nowhere.example.com/x").sendasync(function(r) {
            logReply("undeclared", r);
        });
        http.post("https://slow.example.com/report", {}, "n=1").sendasync(function(r) {
            logReply("report", r);
        });
    }
    logReply("sync", http.get("https://api.example.com/forecast?sync=1").sendsync());
    imp.wakeup(60, tick);
}

imp.wakeup(60, tick);
