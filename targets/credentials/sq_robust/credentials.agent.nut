// credentials.agent.nut - credentials agent in Squirrel, robust variant:
// target -> runs in imp-agent's Squirrel VM. The same story as
// robust/agent.c, written as the forum answer's agent would be.
//
// A client sets a user and password with POST /credentials (a JSON body
// {"user": ..., "pw": ...}) and reads them back with GET. The credentials
// are restored from server.load() when the agent starts, and a POST is
// answered only after server.save() returned: 200 when stored, 500 when
// not (the old credentials stay, in memory and in the store). Every
// request is answered at once, so no response is held when an instance dies.
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

device.on("hello", function(data) {
    server.log("device booted");
});

local saved = server.load();
if ("user" in saved && "pw" in saved && typeof saved.user == "string" && typeof saved.pw == "string") {
    creds = { user = saved.user, pw = saved.pw };
    server.log("Loaded user and password");
}
