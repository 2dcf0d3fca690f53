/*
 * agent.c - credentials agent, naive variant: target -> runs in imp-agent
 * under the harness.
 *
 * A forum answer's HTTP example with the bug a user had: the user and password are set
 * over HTTP and saved with server_save(), yet after server maintenance the
 * agent serves none ("is my persistent storage being wiped out when the
 * server is updated?"). The store was fine; the code flow that restored it
 * only ran when the device booted.
 *
 *   POST /credentials {"user": S, "pw": S}  -> 200 "saved" | 400 | 500
 *   GET  /credentials                       -> 200 {"user", "pw"} | 404
 *
 * THE BUG (deliberate, keep it): agent_main() starts with no credentials
 * and restores them from server_load() only in the "hello" handler, which
 * runs when the device boots. Build-and-run restarts both sides, so in
 * testing the device always says hello and the credentials look
 * persistent. When the agent alone restarts (migration, maintenance, crash)
 * the device keeps running and never says hello again, so every GET answers
 * 404 until a client sets the credentials again: http-read-your-writes
 * fails. Everything else is the robust variant's code.
 *
 * Persisted table: {"user": S, "pw": S}.
 */
#include <string.h>

#include <impchaos/agent.h>

#define CREDS_PATH "/credentials"

static json_t *creds;   /* {"user", "pw"}, or NULL */

static void answer(http_response *resp, int status, const char *text)
{
	json_t *body = json_string(text);

	http_respond(resp, status, body);
	json_decref(body);
}

static void set_creds(const struct http_request *req, http_response *resp)
{
	json_t *user = json_object_get(req->body, "user"), *pw = json_object_get(req->body, "pw");
	json_t *table;
	int rc;

	if (!json_is_string(user) || !json_is_string(pw)) {
		answer(resp, 400, "send {\"user\": \"...\", \"pw\": \"...\"}");
		return;
	}
	table = json_pack("{s:O, s:O}", "user", user, "pw", pw);
	rc = server_save(table);
	if (rc != 0) {
		server_error("credentials not saved (error %d): answered 500, kept the old ones", rc);
		json_decref(table);
		answer(resp, 500, "could not store the credentials, try again");
		return;
	}
	json_decref(creds);
	creds = table;
	server_log("Set user and password");
	answer(resp, 200, "saved");
}

static void on_request(const struct http_request *req, http_response *resp, void *ud)
{
	(void)ud;
	if (strcmp(req->path, CREDS_PATH)) {
		answer(resp, 404, "unknown path");
	} else if (!strcmp(req->method, "GET")) {
		if (creds)
			http_respond(resp, 200, creds);
		else
			answer(resp, 404, "no credentials set");
	} else if (!strcmp(req->method, "POST") || !strcmp(req->method, "PUT")) {
		set_creds(req, resp);
	} else {
		answer(resp, 405, "use GET or POST");
	}
}

/* The device has booted: get our credentials back. */
static void on_hello(json_t *data, void *ud)
{
	json_t *saved = server_load();
	json_t *user = json_object_get(saved, "user"), *pw = json_object_get(saved, "pw");

	(void)data;
	(void)ud;
	if (json_is_string(user) && json_is_string(pw)) {
		json_decref(creds);
		creds = json_pack("{s:O, s:O}", "user", user, "pw", pw);
		server_log("Loaded user and password");
	}
	json_decref(saved);
}

void agent_main(void)
{
	device_on("hello", on_hello, NULL);
	http_onrequest(on_request, NULL);
}
