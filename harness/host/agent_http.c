/*
 * agent_http.c - HTTP requests to the agent, inside imp-agent (see
 * agent_http.h). Harness -> imp-agent [agent_http.c] -> the target's
 * http_onrequest() handler.
 *
 * DESIGN
 * The harness hands the agent one "http" frame per request. With a handler
 * registered, the handler runs as target code; without one the host says
 * "nohttp" and the harness answers 404 for the platform. A response handle
 * is the request's id (a number, never a pointer), so a stale handle or a
 * second answer is found in the table of held ids and reported as a target
 * error without touching freed memory. The table lives in this process
 * only: a restart, crash or migration starts a new process with none, which
 * is how the platform wipes held responses.
 *
 * A request's life in this process:
 *   (none) --["http" frame, handler set]--> HELD --[http_respond()]--> (none)
 *   (none) --["http" frame, no handler: nohttp]--> (none)
 *   HELD --[process ends]--> lost (the harness times the client out)
 */
#include "agent_http.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "impchaos/agent.h"
#include "hfault.h"
#include "rt.h"

static struct {
	http_request_cb cb;
	void *ud;
	uint64_t *held;     /* ids of requests handed to the target, unanswered */
	size_t nheld, cap;
} http;

void http_onrequest(http_request_cb cb, void *ud)
{
	http.cb = cb;
	http.ud = ud;
}

static void hold(uint64_t id)
{
	if (http.nheld == http.cap) {
		size_t cap = http.cap ? 2 * http.cap : 16;
		uint64_t *v = realloc(http.held, cap * sizeof(*v));

		if (!v)
			abort();
		http.held = v;
		http.cap = cap;
	}
	http.held[http.nheld++] = id;
}

/* Removes id from the held table: 1 when it was there. */
static int unhold(uint64_t id)
{
	size_t i;

	for (i = 0; i < http.nheld; i++)
		if (http.held[i] == id) {
			/* Order does not matter: the table is a set. */
			http.held[i] = http.held[--http.nheld];
			return 1;
		}
	return 0;
}

int http_respond(http_response *resp, int status, json_t *body)
{
	uint64_t id = (uint64_t)(uintptr_t)resp;

	if (status < 100 || status > 599) {
		rt_target_error("http_respond: status %d is not an HTTP status (100..599)", status);
		return HTTP_ERROR_STATUS;
	}
	if (!resp || !unhold(id)) {
		rt_target_error("http_respond: this response was already sent, or the handle is not "
				"one this agent instance holds (each request is answered once; a "
				"restart wipes held responses)");
		return HTTP_ERROR_ANSWERED;
	}
	rt_effect(json_pack("{s:s, s:I, s:i, s:O}", "t", "respond", "id", (json_int_t)id, "status",
			    status, "body", body ? body : json_null()));
	return 0;
}

int agent_http_frame(const char *type, const json_t *ev)
{
	json_t *id = json_object_get(ev, "id"), *query, *body;
	struct http_request req;

	if (strcmp(type, "http"))
		return -ENOENT;
	if (!http.cb) {
		rt_effect(json_pack("{s:s, s:O}", "t", "nohttp", "id", id ? id : json_null()));
		return 0;
	}
	req.method = json_string_value(json_object_get(ev, "method"));
	req.path = json_string_value(json_object_get(ev, "path"));
	query = json_object_get(ev, "query");
	body = json_object_get(ev, "body");
	req.query = json_is_object(query) ? query : NULL;
	req.body = body ? body : json_null();
	if (!req.method || !req.path || json_integer_value(id) <= 0) {
		rt_target_error("malformed 'http' frame from the harness");
		return 0;
	}
	if (!req.query)
		req.query = json_object();
	else
		json_incref(req.query);
	hold((uint64_t)json_integer_value(id));
	/* Target code, scoped like every handler rt.c runs (TARGET_CALL). */
	hfault_in_target++;
	hfault_point("agent/handler/crash");
	http.cb(&req, (http_response *)(uintptr_t)json_integer_value(id), http.ud);
	hfault_in_target--;
	json_decref(req.query);
	return 0;
}

void agent_http_release(void)
{
	free(http.held);
	memset(&http, 0, sizeof(http));
}
