// credentials.agent.nut - credentials agent in Squirrel, naive variant:
// target -> runs in imp-agent's Squirrel VM. The same story as
// naive/agent.c, written as the forum answer's agent was.
//
// A client sets a user and password with POST /credentials (a JSON body
// {"user": ..., "pw": ...}) and reads them back with GET. The user's
// question: after server maintenance GET finds nothing ("is my persistent
// storage being wiped out when the server is updated?"). The store was
// fine; the code flow that restored it only ran when the device booted.
//
// THE BUG (deliberate, keep it): the agent starts with no credentials and
// restores them from server.load() only in the "hello" handler, which runs
// when the device boots. Build-and-run restarts both sides, so in testing
// the device always says hello and the credentials look persistent. When
// the agent alone restarts (migration, maintenance, crash) the device keeps
// running and never says hello again, so every GET answers 404 until a
// client sets the credentials again: http-read-your-writes fails.
// Everything else is sq_robust's code.
//
// Persisted table: {user, pw}.

const CREDS_PATH = "/credentials";

creds <- null;      // {user, pw} as stored, or null

function setCreds(request, response) {
    local body;

    try {
        body = http.jsondecode(request.body);
    } catch (e) {
        body = null;
    }
    if (typeof body != "table" || !("user" in body) || !("pw" in body) ||
        typeof body.user != "string" || typeof body.pw != "string") {
        response.send(400, "send {\"user\": \"...\", \"pw\": \"...\"}");
        return;
    }
    local table = { user = body.user, pw = body.pw };
    local rc;
    try {
        rc = server.save(table);
    } catch (e) {
        rc = e;
    }
    if (rc != 0) {
        server.error("credentials not saved (" + rc + "): answered 500, kept the old ones");
        response.send(500, "could not store the credentials, try again");
        return;
    }
    creds = table;
    server.log("Set user and password");
    response.send(200, "saved");
}

http.onrequest(function(request, response) {
    if (request.path != CREDS_PATH) {
        response.send(404, "unknown path");
    } else if (request.method == "GET") {
        if (creds != null) {
            response.header("Content-Type", "application/json");
            response.send(200, http.jsonencode(creds));
        } else {
            response.send(404, "no credentials set");
        }
    } else if (request.method == "POST" || request.method == "PUT") {
        setCreds(request, response);
    } else {
        response.send(405, "use GET or POST");
    }
});

// The device has booted: get our credentials back.
device.on("hello", function(data) {
    local saved = server.load();
    if ("user" in saved && "pw" in saved &&
        typeof saved.user == "string" && typeof saved.pw == "string") {
        creds = { user = saved.user, pw = saved.pw };
        server.log("Loaded user and password");
    }
});
