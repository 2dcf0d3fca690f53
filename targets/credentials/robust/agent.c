/*
 * agent.c - credentials agent, robust variant: target -> runs in imp-agent
 * under the harness.
 *
 * A forum answer's HTTP example, done right: the agent keeps a user name and a
 * password for an external service. A client sets them over HTTP and reads
 * them back, and they must survive agent restarts, crashes and migrations.
 *
 *   POST /credentials {"user": S, "pw": S}  -> 200 "saved" | 400 | 500
 *   GET  /credentials                       -> 200 {"user", "pw"} | 404
 *
 * DESIGN
 * ------
 * The persisted table is the only state a restart keeps, so agent_main()
 * restores the credentials with server_load() before it registers the HTTP
 * handler: the first request after any restart sees the stored ones. A POST
 * is answered only after server_save() has returned: 200 when the store
 * holds the new credentials, 500 when it does not, so the client knows to
 * try again; on failure the old credentials stay in memory, matching the
 * store (server_save() leaves the old table intact). Every request is
 * answered at once, so no response is held when an instance dies.
 *
 * Invariants:
 *   - creds is NULL or exactly the table the store holds;
 *   - a GET answers creds, or 404 while none were ever stored.
 *
 * Persisted table: {"user": S, "pw": S}.
 */
#include <string.h>

#include <impchaos/agent.h>

#define CREDS_PATH "/credentials"

static json_t *creds;   /* {"user", "pw"} as stored, or NULL */

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

static void on_hello(json_t *data, void *ud)
{
	(void)data;
	(void)ud;
	server_log("device booted");
}

void agent_main(void)
{
	json_t *data = server_load();
	json_t *user = json_object_get(data, "user"), *pw = json_object_get(data, "pw");

	if (json_is_string(user) && json_is_string(pw)) {
		creds = json_pack("{s:O, s:O}", "user", user, "pw", pw);
		server_log("Loaded user and password");
	}
	json_decref(data);
	device_on("hello", on_hello, NULL);
	http_onrequest(on_request, NULL);
}
