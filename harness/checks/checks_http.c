/*
 * checks_http.c - invariant checkers over the agent's HTTP traffic, fed
 * trace events by check.c and registered in checks.c's check_ops_table. They read only http.request and http.response events
 * (written by sim_http.c), never anything target-specific: what the
 * agent's clients saw.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "core/duration.h"

static const char *str_of(const json_t *ev, const char *key)
{
	const char *s = json_string_value(json_object_get(ev, key));

	return s ? s : "";
}

static char *clock_of(int64_t t, char *buf, size_t n)
{
	duration_clock(t, buf, n);
	return buf;
}

/* ---- http-read-your-writes:PATH ----
 *
 * What a client stores at PATH, it reads back. A write is a POST or PUT of
 * PATH (its body is the value), or a DELETE (the value is gone); PATCH
 * makes the value unknown until the next write. Once a write has been
 * answered 2xx, every GET of PATH that the agent's code answers must be
 * answered
 *   - 200 with a body equal (JSON equality) to the last write answered 2xx,
 *     or 404 when that write was a DELETE;
 *   - or with one of the writes the client could not be sure of: a write
 *     still unanswered when the GET came or made while it was pending (it
 *     may be ordered either way), and a write answered 504 (timed out or
 *     lost with its agent instance) since the last 2xx one.
 * A 404 after an acknowledged POST/PUT is a lost write, as is a 200 with an
 * older or empty body. Other statuses (a 500 that says so, a 503 or 504 from
 * the platform) are failures the client sees, not stale data, and are left
 * to other invariants; so are GETs before the first acknowledged write.
 * A run that never made a request to PATH fails: a misspelt path must not
 * pass silently.
 *
 * Why this name: it is the session guarantee "read your writes" for the
 * agent's one client, over restarts and migrations that the client cannot
 * see. */

enum ryw_state { RYW_NONE, RYW_VALUE, RYW_ABSENT };
enum ryw_kind { RYW_GET, RYW_WRITE, RYW_DELETE, RYW_PATCH };

struct ryw_req {
	uint64_t id;
	enum ryw_kind kind;
	const char *method;    /* static */
	int64_t t;
	json_t *body;          /* a write's body */
	/* A GET: what it may return. */
	int constrained;       /* an acknowledged write came before it */
	json_t *allowed;       /* array of bodies */
	int absent_ok;         /* 404 is fine */
	struct ryw_req *next;
};

struct ryw {
	char *path;
	enum ryw_state state;
	json_t *value;         /* the last acknowledged write's body */
	uint64_t value_id;
	int64_t value_t;
	const char *value_method;
	json_t *maybe;         /* bodies of writes of unknown outcome since then */
	int maybe_absent;      /* ... one of which was a DELETE */
	struct ryw_req *reqs;  /* requests to PATH not answered yet */
	int seen;              /* a request to PATH was made */
};

static int ryw_init(struct check *c, const char *arg, char *err, size_t errlen)
{
	struct ryw *r;

	if (!arg || arg[0] != '/' || strpbrk(arg, "? ")) {
		snprintf(err, errlen, "invariant 'http-read-your-writes:%s': expected "
			 "http-read-your-writes:PATH with PATH starting with '/', e.g. "
			 "http-read-your-writes:/credentials", arg ? arg : "");
		return -EINVAL;
	}
	r = calloc(1, sizeof(*r));
	if (!r || !(r->path = strdup(arg)) || !(r->maybe = json_array())) {
		if (r)
			free(r->path);
		free(r);
		return -ENOMEM;
	}
	c->state = r;
	return 0;
}

static void req_free(struct ryw_req *q)
{
	json_decref(q->body);
	json_decref(q->allowed);
	free(q);
}

static void ryw_release(struct check *c)
{
	struct ryw *r = c->state;

	while (r->reqs) {
		struct ryw_req *q = r->reqs;

		r->reqs = q->next;
		req_free(q);
	}
	json_decref(r->value);
	json_decref(r->maybe);
	free(r->path);
	free(r);
}

static void ryw_request(struct ryw *r, const struct check_event *e)
{
	const json_t *ev = e->fields;
	const char *method = str_of(ev, "method");
	struct ryw_req *q = calloc(1, sizeof(*q)), *p;
	size_t i;

	if (!q)
		abort();
	r->seen = 1;
	q->id = (uint64_t)json_integer_value(json_object_get(ev, "id"));
	q->t = e->t;
	q->method = !strcmp(method, "PUT") ? "PUT" : !strcmp(method, "DELETE") ? "DELETE" :
		    !strcmp(method, "PATCH") ? "PATCH" : "POST";
	if (!strcmp(method, "GET")) {
		q->kind = RYW_GET;
		q->constrained = r->state != RYW_NONE;
		q->allowed = json_array();
		if (r->state == RYW_VALUE)
			json_array_append(q->allowed, r->value);
		q->absent_ok = r->state == RYW_ABSENT || r->maybe_absent;
		for (i = 0; i < json_array_size(r->maybe); i++)
			json_array_append(q->allowed, json_array_get(r->maybe, i));
		/* Writes still on their way may be ordered before this GET. */
		for (p = r->reqs; p; p = p->next) {
			if (p->kind == RYW_WRITE)
				json_array_append(q->allowed, p->body);
			else if (p->kind == RYW_DELETE)
				q->absent_ok = 1;
			else if (p->kind == RYW_PATCH)
				q->constrained = 0;
		}
	} else {
		q->kind = !strcmp(method, "DELETE") ? RYW_DELETE :
			  !strcmp(method, "PATCH") ? RYW_PATCH : RYW_WRITE;
		q->body = json_deep_copy(json_object_get(ev, "body") ?: json_null());
		/* ... and so may this write be before GETs still pending. */
		for (p = r->reqs; p; p = p->next) {
			if (p->kind != RYW_GET)
				continue;
			if (q->kind == RYW_WRITE)
				json_array_append(p->allowed, q->body);
			else if (q->kind == RYW_DELETE)
				p->absent_ok = 1;
			else
				p->constrained = 0;
		}
	}
	q->next = r->reqs;
	r->reqs = q;
}

static void ryw_check_get(struct check *c, const struct ryw_req *q, const struct check_event *e)
{
	const json_t *ev = e->fields;
	struct ryw *r = c->state;
	int status = (int)json_integer_value(json_object_get(ev, "status"));
	json_t *body = json_object_get(ev, "body");
	char at[32], wt[32], *got = NULL, *want = NULL;
	size_t i, nmaybe = json_array_size(r->maybe);

	if (!q->constrained || strcmp(str_of(ev, "by"), "agent"))
		return;
	if (status == 200) {
		for (i = 0; i < json_array_size(q->allowed); i++)
			if (json_equal(body, json_array_get(q->allowed, i)))
				return;
	} else if (status != 404 || q->absent_ok) {
		return;
	}
	got = json_dumps(body ? body : json_null(), JSON_COMPACT | JSON_ENCODE_ANY);
	want = r->state == RYW_VALUE ? json_dumps(r->value, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	clock_of(q->t, at, sizeof(at));
	clock_of(r->value_t, wt, sizeof(wt));
	if (status == 404)
		check_fail(c, e, "GET %s (request %llu at %s) was answered 404, but %s request %llu "
			   "at %s had stored %.200s and was answered 2xx: the agent lost an "
			   "acknowledged write", r->path, (unsigned long long)q->id, at,
			   r->value_method, (unsigned long long)r->value_id, wt, want ? want : "?");
	else if (r->state == RYW_ABSENT)
		check_fail(c, e, "GET %s (request %llu at %s) was answered 200 with %.200s, but DELETE "
			   "request %llu at %s was answered 2xx: a deleted value came back",
			   r->path, (unsigned long long)q->id, at, got ? got : "?",
			   (unsigned long long)r->value_id, wt);
	else
		check_fail(c, e, "GET %s (request %llu at %s) was answered 200 with %.200s, but the "
			   "last write answered 2xx (%s request %llu at %s) stored %.200s%s",
			   r->path, (unsigned long long)q->id, at, got ? got : "?", r->value_method,
			   (unsigned long long)r->value_id, wt, want ? want : "?",
			   nmaybe ? " (nor was it a write whose outcome the client never learned)" : "");
	free(got);
	free(want);
}

static void ryw_response(struct check *c, const struct check_event *e)
{
	const json_t *ev = e->fields;
	struct ryw *r = c->state;
	uint64_t id = (uint64_t)json_integer_value(json_object_get(ev, "id"));
	int status = (int)json_integer_value(json_object_get(ev, "status"));
	struct ryw_req **pp, *q;

	for (pp = &r->reqs; (q = *pp); pp = &q->next)
		if (q->id == id)
			break;
	if (!q)
		return;
	*pp = q->next;
	if (q->kind == RYW_GET) {
		ryw_check_get(c, q, e);
	} else if (status >= 200 && status < 300) {
		r->state = q->kind == RYW_WRITE ? RYW_VALUE : q->kind == RYW_DELETE ? RYW_ABSENT
										     : RYW_NONE;
		json_decref(r->value);
		r->value = json_incref(q->body);
		r->value_id = q->id;
		r->value_t = q->t;
		r->value_method = q->method;
		json_array_clear(r->maybe);
		r->maybe_absent = 0;
	} else if (status == 504) {
		/* Timed out or lost: it may or may not have been applied. */
		if (q->kind == RYW_WRITE)
			json_array_append(r->maybe, q->body);
		else if (q->kind == RYW_DELETE)
			r->maybe_absent = 1;
		else
			r->state = RYW_NONE;
	}
	req_free(q);
}

static void ryw_event(struct check *c, struct check_event *e)
{
	struct ryw *r = c->state;

	if (e->kind == EV_HTTP_REQUEST) {
		if (!strcmp(str_of(e->fields, "path"), r->path))
			ryw_request(r, e);
	} else if (e->kind == EV_HTTP_RESPONSE) {
		ryw_response(c, e);
	}
}

static void ryw_finish(struct check *c)
{
	struct ryw *r = c->state;

	if (!r->seen)
		check_fail(c, NULL, "no request to '%s' was ever made (is the path right? it must "
			   "match the \"path\" of a workload.http stream in target.json)", r->path);
	c->unobserved = c->failed;
}

const struct check_ops http_ryw_ops = {
	.name = "http-read-your-writes",
	.usage = "http-read-your-writes:PATH",
	.desc = "a GET of PATH the agent answers returns the last write answered 2xx (404 after a DELETE)",
	.needs_arg = 1,
	.init = ryw_init,
	.event = ryw_event,
	.finish = ryw_finish,
	.release = ryw_release,
};

/* ---- http-answered ----
 *
 * Every request that reaches a running agent is answered by its code: none
 * times out while the instance that took it is still alive (a code path
 * that never calls http_respond(), or holds the response past the
 * client's 60 s), and none finds no handler registered (404 from the
 * platform: the agent registers http_onrequest() late, or not at all).
 * 503 (the agent was down) and a response lost with a dying instance are
 * the platform's doing, not the target's, and pass. */

static void answered_event(struct check *c, struct check_event *e)
{
	const json_t *ev = e->fields;
	const char *why;
	char at[32], t0[32];
	int64_t t;

	if (e->kind != EV_HTTP_RESPONSE || strcmp(str_of(ev, "by"), "platform"))
		return;
	why = str_of(ev, "why");
	t = e->t;
	clock_of(t, at, sizeof(at));
	clock_of(t - json_integer_value(json_object_get(ev, "after_us")), t0, sizeof(t0));
	if (!strcmp(why, "timeout"))
		check_fail(c, e, "%s %s (request %lld at %s) was never answered: its client timed out "
			   "at %s while the agent instance that took it was still running (a code "
			   "path without http_respond()?)", str_of(ev, "method"), str_of(ev, "path"),
			   (long long)json_integer_value(json_object_get(ev, "id")), t0, at);
	else if (!strcmp(why, "no-handler"))
		check_fail(c, e, "%s %s (request %lld at %s) reached an agent with no HTTP handler and "
			   "got 404 (call http_onrequest() in agent_main())", str_of(ev, "method"),
			   str_of(ev, "path"), (long long)json_integer_value(json_object_get(ev, "id")),
			   at);
}

const struct check_ops http_answered_ops = {
	.name = "http-answered",
	.usage = "http-answered",
	.desc = "every request a running agent takes is answered by its code, not a 404 or timeout",
	.event = answered_event,
};
