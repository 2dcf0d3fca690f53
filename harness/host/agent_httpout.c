/*
 * agent_httpout.c - requests from the agent to web services, inside
 * imp-agent (see agent_httpout.h). Target -> http_sendasync() -> imp-agent
 * [agent_httpout.c] -> "httpout" frame -> the harness's simulated services
 * (harness/sim/sim_httpout.c).
 *
 * DESIGN
 * A request is one "httpout" effect frame carrying an id this process
 * assigns. An asynchronous one keeps its callback in a list under that id
 * until the harness hands back an "httpdone" event frame; the list lives in
 * this process only, so an instance that ends (restart, crash, migration)
 * takes its callbacks with it, as the platform does, and the harness traces
 * the answer as lost. A synchronous one waits in the middle of the event
 * for the harness's "httpreply" frame (rt_await), the way a suspended
 * agent_send() on the device waits for "resume".
 *
 * A request's life in this process:
 *   sendasync --["httpout"]--> WAITING --["httpdone"]--> the callback runs
 *   WAITING --[process ends]--> (lost)
 *   sendsync --["httpout"]--> blocks --["httpreply"]--> returns
 */
#include "agent_httpout.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "impchaos/agent.h"
#include "hfault.h"
#include "rt.h"

static const char *const methods[] = { "GET", "POST", "PUT", "DELETE", "PATCH", NULL };

struct waiting {
	uint64_t id;
	http_reply_cb cb;
	void *ud;
	struct waiting *next;
};

static struct {
	uint64_t next_id;
	struct waiting *waiting;
} out;

/* 0 when the request can be made, else a target error and HTTP_ERROR_REQUEST. */
static int check(const char *fn, const char *method, const char *url, json_t *headers)
{
	const char *const *m;

	for (m = methods; method && *m; m++)
		if (!strcmp(method, *m))
			break;
	if (!method || !*m) {
		rt_target_error("%s: unknown method '%s' (GET, POST, PUT, DELETE or PATCH)", fn,
				method ? method : "(null)");
		return HTTP_ERROR_REQUEST;
	}
	if (!url || !url[0]) {
		rt_target_error("%s: no URL", fn);
		return HTTP_ERROR_REQUEST;
	}
	if (headers && !json_is_object(headers)) {
		rt_target_error("%s: headers must be an object", fn);
		return HTTP_ERROR_REQUEST;
	}
	return 0;
}

static uint64_t request(const char *method, const char *url, json_t *headers, json_t *body,
			int64_t timeout_us, int sync)
{
	uint64_t id = ++out.next_id;

	rt_effect(json_pack("{s:s, s:I, s:s, s:s, s:O, s:O, s:I, s:b}", "t", "httpout", "id",
			    (json_int_t)id, "method", method, "url", url, "headers",
			    headers ? headers : json_object(), "body", body ? body : json_null(),
			    "timeout", (json_int_t)timeout_us, "sync", sync));
	return id;
}

int http_sendasync(const char *method, const char *url, json_t *headers, json_t *body,
		   double timeout_s, http_reply_cb cb, void *ud)
{
	struct waiting *w;
	int rc;

	if ((rc = check("http_sendasync", method, url, headers)) < 0)
		return rc;
	if (!isfinite(timeout_s) || timeout_s <= 0)
		timeout_s = HTTP_DEFAULT_TIMEOUT_S;
	w = calloc(1, sizeof(*w));
	if (!w)
		abort();
	w->cb = cb;
	w->ud = ud;
	w->id = request(method, url, headers, body, (int64_t)llround(timeout_s * 1e6), 0);
	w->next = out.waiting;
	out.waiting = w;
	return 0;
}

static void fill(struct http_reply *reply, const json_t *ev)
{
	json_t *body = json_object_get(ev, "body"), *headers = json_object_get(ev, "headers");

	reply->statuscode = (int)json_integer_value(json_object_get(ev, "status"));
	reply->body = json_incref(body ? body : json_null());
	reply->headers = json_is_object(headers) ? json_incref(headers) : json_object();
}

int http_sendsync(const char *method, const char *url, json_t *headers, json_t *body,
		  struct http_reply *reply)
{
	json_t *ev;
	int rc;

	memset(reply, 0, sizeof(*reply));
	if ((rc = check("http_sendsync", method, url, headers)) < 0) {
		reply->body = json_null();
		reply->headers = json_object();
		return rc;
	}
	request(method, url, headers, body, 0, 1);
	ev = rt_await("httpreply");
	fill(reply, ev);
	json_decref(ev);
	return 0;
}

void http_reply_release(struct http_reply *reply)
{
	if (!reply)
		return;
	json_decref(reply->body);
	json_decref(reply->headers);
	reply->body = reply->headers = NULL;
}

int agent_httpout_frame(const char *type, const json_t *ev)
{
	uint64_t id = (uint64_t)json_integer_value(json_object_get(ev, "id"));
	struct waiting **pp, *w;
	struct http_reply reply;

	if (strcmp(type, "httpdone"))
		return -ENOENT;
	for (pp = &out.waiting; (w = *pp); pp = &w->next)
		if (w->id == id)
			break;
	if (!w)
		return 0;       /* not one of ours: nothing waits for it */
	*pp = w->next;
	fill(&reply, ev);
	if (w->cb) {
		/* Target code, scoped like every handler rt.c runs (TARGET_CALL). */
		hfault_in_target++;
		hfault_point("agent/handler/crash");
		w->cb(&reply, w->ud);
		hfault_in_target--;
	}
	http_reply_release(&reply);
	free(w);
	return 0;
}

void agent_httpout_release(void)
{
	while (out.waiting) {
		struct waiting *w = out.waiting;

		out.waiting = w->next;
		free(w);
	}
}
