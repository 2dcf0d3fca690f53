/*
 * sim_http.c - HTTP requests in the simulated cloud: the workload's request
 * streams (format in sim_http.h), their delivery to the agent, and every
 * request's fate in the trace. Harness side, beside sim.c's event loop;
 * the agent's end is harness/host/agent_http.c. Templates are sim_tmpl.c's.
 *
 * DESIGN
 * Each stream is one SEV_HTTP event in the heap at a time (id 0, "fault"
 * holding the stream's index): when it fires, the next one is scheduled and
 * one request is made, its body drawn from the stream's own PRNG. A request
 * that reaches a running agent is pending until answered, with a second
 * SEV_HTTP event (id = the request's id) as its client's timeout.
 *
 * A request's fates (trace events):
 *   http.request --[agent down]--> http.response 503 (platform, at once)
 *   http.request --[agent up: "http" frame]--> PENDING
 *   PENDING --[respond from the agent]--> http.response (by the agent)
 *   PENDING --[nohttp: no handler]--> http.response 404 (platform)
 *   PENDING --[instance dies]--> LOST (http.lost) --[timeout]--> 504
 *   PENDING --[timeout]--> http.response 504 (platform, why "timeout")
 *   answered after its timeout --> http.late (the client is gone)
 * Every request gets exactly one http.response unless the run ends first.
 */
#include "sim_http.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/duration.h"
#include "sim_int.h"
#include "sim_tmpl.h"

/* Below this, a stream would flood the run with round trips; it matches a
 * fault schedule's floor for "every". */
#define MIN_EVERY_US (1000LL * 1000)

static const char *const methods[] = { "GET", "POST", "PUT", "DELETE", "PATCH", NULL };
static const char *const stream_keys[] = { "name", "method", "path", "every", "jitter", "start",
					   "query", "body", NULL };

struct http_stream {
	char *name;
	const char *method;           /* static, from methods[] */
	char *path;
	int64_t every, jitter, start; /* start < 0: drawn from the seed */
	json_t *query, *body;         /* templates, NULL when absent */
	struct prng timing, draw;
};

struct http_req {
	uint64_t id;
	size_t stream;
	int64_t t0;
	int inc;                      /* the agent instance it was handed to */
	int lost;                     /* that instance died holding it */
	struct sev *deadline;         /* in the heap until answered */
	struct http_req *next;
};

struct sim_http {
	struct http_stream *v;
	size_t n;
	struct http_req *pending, **tail;  /* in id order */
	uint64_t next_id;
};

/* ---- the workload format ---- */

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

/* Fills err with "workload.http[i] ("name"): ..." and returns -EINVAL. */
static int bad(char *err, size_t errlen, size_t i, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int bad(char *err, size_t errlen, size_t i, const char *name, const char *fmt, ...)
{
	size_t off;
	va_list ap;

	off = (size_t)snprintf(err, errlen, "workload.http[%zu]%s%s%s: ", i, name ? " (\"" : "",
			       name ? name : "", name ? "\")" : "");
	if (off < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + off, errlen - off, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* A duration member: 0 when absent (*us untouched), 1 when read. */
static int duration_member(const json_t *s, const char *key, int64_t *us, size_t i,
			   const char *name, char *err, size_t errlen)
{
	json_t *v = json_object_get(s, key);

	if (!v)
		return 0;
	if (!json_is_string(v) || duration_parse(json_string_value(v), us) < 0)
		return bad(err, errlen, i, name, "\"%s\" must be a duration such as \"90s\", \"20m\" "
			   "or \"2h\"", key);
	return 1;
}

static void stream_release(struct http_stream *st)
{
	free(st->name);
	free(st->path);
	json_decref(st->query);
	json_decref(st->body);
}

static int parse_stream(const json_t *s, size_t i, struct http_stream *st, char *err,
			size_t errlen)
{
	const char *name = json_string_value(json_object_get(s, "name"));
	const char *method = json_string_value(json_object_get(s, "method"));
	const char *path = json_string_value(json_object_get(s, "path"));
	const char *const *m;
	const char *key;
	char sub[768];
	json_t *v;
	int rc;

	memset(st, 0, sizeof(*st));
	st->start = -1;
	if (!json_is_object(s))
		return bad(err, errlen, i, NULL, "each stream must be an object such as {\"method\": "
			   "\"GET\", \"path\": \"/status\", \"every\": \"10m\"}");
	if (json_object_get(s, "name") && (!name || !name[0]))
		return bad(err, errlen, i, NULL, "\"name\" must be a non-empty string");
	json_object_foreach((json_t *)s, key, v)
		if (!in_list(key, stream_keys))
			return bad(err, errlen, i, name, "unknown key \"%s\" (expected name, method, path, "
				   "every, jitter, start, query, body)", key);
	if (!method || !in_list(method, methods))
		return bad(err, errlen, i, name, "\"method\" must be one of GET, POST, PUT, DELETE, "
			   "PATCH%s%s%s", method ? " (got \"" : "", method ? method : "",
			   method ? "\")" : "");
	if (!path || path[0] != '/' || strpbrk(path, "? \t\r\n"))
		return bad(err, errlen, i, name, "\"path\" must be a string starting with '/', without "
			   "spaces or '?' (put query parameters in \"query\")");
	if ((rc = duration_member(s, "every", &st->every, i, name, err, errlen)) < 0)
		return rc;
	if (rc == 0 || st->every < MIN_EVERY_US)
		return bad(err, errlen, i, name, "\"every\" must be a duration of at least 1s, e.g. "
			   "\"10m\" (how often the request comes)");
	if (duration_member(s, "jitter", &st->jitter, i, name, err, errlen) < 0)
		return -EINVAL;
	if (st->jitter > st->every)
		return bad(err, errlen, i, name, "\"jitter\" must not exceed \"every\"");
	if (duration_member(s, "start", &st->start, i, name, err, errlen) < 0)
		return -EINVAL;
	if ((v = json_object_get(s, "query")) && !json_is_object(v))
		return bad(err, errlen, i, name, "\"query\" must be an object of parameters");
	if (v && sim_tmpl_check(v, "query", sub, sizeof(sub)) < 0)
		return bad(err, errlen, i, name, "%s", sub);
	if ((v = json_object_get(s, "body")) && sim_tmpl_check(v, "body", sub, sizeof(sub)) < 0)
		return bad(err, errlen, i, name, "%s", sub);
	for (m = methods; *m; m++)
		if (!strcmp(method, *m))
			st->method = *m;
	if (name)
		st->name = strdup(name);
	else if (asprintf(&st->name, "%s %s", method, path) < 0)
		st->name = NULL;
	st->path = strdup(path);
	if (!st->name || !st->path)
		abort();
	if ((v = json_object_get(s, "query")))
		st->query = json_incref(v);
	if ((v = json_object_get(s, "body")))
		st->body = json_incref(v);
	return 0;
}

/* Parses workload.http into *out (the caller's, freed with free_streams). */
static int parse_streams(const json_t *workload, struct http_stream **out, size_t *n, char *err,
			 size_t errlen)
{
	const json_t *arr = json_object_get(workload, "http");
	struct http_stream *v;
	size_t i, j, k = 0;

	*out = NULL;
	*n = 0;
	if (!arr)
		return 0;
	if (!json_is_array(arr)) {
		snprintf(err, errlen, "workload.http must be an array of request streams such as "
			 "[{\"method\": \"GET\", \"path\": \"/status\", \"every\": \"10m\"}]");
		return -EINVAL;
	}
	v = calloc(json_array_size(arr) + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < json_array_size(arr); i++) {
		if (parse_stream(json_array_get(arr, i), i, &v[k], err, errlen) < 0) {
			stream_release(&v[k]);
			goto fail;
		}
		k++;
		for (j = 0; j + 1 < k; j++)
			if (!strcmp(v[j].name, v[k - 1].name)) {
				bad(err, errlen, i, v[k - 1].name, "another stream has the same name: give "
				    "each stream a distinct \"name\"");
				goto fail;
			}
	}
	*out = v;
	*n = k;
	return 0;
fail:
	for (j = 0; j < k; j++)
		stream_release(&v[j]);
	free(v);
	return -EINVAL;
}

static void free_streams(struct http_stream *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		stream_release(&v[i]);
	free(v);
}

int sim_http_check_workload(const json_t *workload, char *err, size_t errlen)
{
	struct http_stream *v;
	size_t n;
	int rc = parse_streams(workload, &v, &n, err, errlen);

	if (rc == 0)
		free_streams(v, n);
	return rc;
}

/* ---- the simulation's side ---- */

static struct sev *arrival(size_t stream)
{
	struct sev *e = sim_sev_new(SEV_HTTP, AGENT, 0);

	e->fault = stream;
	return e;
}

int sim_http_start(struct sim *s)
{
	struct sim_http *h = calloc(1, sizeof(*h));
	char stream[512];
	size_t i;
	int rc;

	if (!h)
		abort();
	h->tail = &h->pending;
	s->http = h;
	/* target.c validated the streams: an error here is one too. */
	rc = parse_streams(s->sc->target->workload, &h->v, &h->n, s->err, s->errlen);
	if (rc < 0) {
		s->rc = rc;
		return rc;
	}
	for (i = 0; i < h->n; i++) {
		struct http_stream *st = &h->v[i];

		/* Timing and content from separate streams: a new body template
		 * does not move the requests in time. */
		snprintf(stream, sizeof(stream), "http/%s/timing", st->name);
		prng_init(&st->timing, s->sc->seed, stream);
		snprintf(stream, sizeof(stream), "http/%s/draw", st->name);
		prng_init(&st->draw, s->sc->seed, stream);
		sim_at(s, st->start >= 0 ? st->start : prng_range(&st->timing, 0, st->every - 1),
		       arrival(i));
	}
	return 0;
}

static struct http_req *find(struct sim_http *h, uint64_t id, struct http_req ***where)
{
	struct http_req **pp, *r;

	for (pp = &h->pending; (r = *pp); pp = &r->next)
		if (r->id == id) {
			*where = pp;
			return r;
		}
	return NULL;
}

/* Ends a pending request: unlinks and frees it. */
static void finish(struct sim *s, struct http_req **where)
{
	struct sim_http *h = s->http;
	struct http_req *r = *where;

	*where = r->next;
	if (h->tail == &r->next)
		h->tail = where;
	if (r->deadline) {
		heap_remove(&s->heap, &r->deadline->h);
		sim_sev_free(r->deadline);
	}
	free(r);
}

/* Traces a response (body borrowed). by: "agent" or "platform"; why: the
 * platform's reason, or NULL. */
static void respond(struct sim *s, uint64_t id, const struct http_stream *st, int64_t t0,
		    int status, json_t *body, const char *by, const char *why, int inc)
{
	json_t *f = json_pack("{s:I, s:s, s:s, s:i, s:O, s:I, s:s}", "id", (json_int_t)id, "method",
			      st->method, "path", st->path, "status", status, "body", body,
			      "after_us", (json_int_t)(s->now - t0), "by", by);

	if (why)
		json_object_set_new(f, "why", json_string(why));
	if (inc)
		json_object_set_new(f, "inc", json_integer(inc));
	sim_emit(s, "http.response", f);
	sim_cover(s, "http", st->path, why ? why : "response");
}

static void request(struct sim *s, size_t k)
{
	struct sim_http *h = s->http;
	struct http_stream *st = &h->v[k];
	int64_t gap = st->every + (st->jitter ? prng_range(&st->timing, -st->jitter, st->jitter) : 0);
	uint64_t id = ++h->next_id;
	json_t *query = st->query ? sim_tmpl_draw(st->query, &st->draw) : json_object();
	json_t *body = st->body ? sim_tmpl_draw(st->body, &st->draw) : json_null();
	json_t *f;
	struct http_req *r;

	sim_at(s, s->now + gap, arrival(k));
	f = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "stream", st->name, "method",
		      st->method, "path", st->path);
	if (st->query)
		json_object_set(f, "query", query);
	json_object_set(f, "body", body);
	sim_emit(s, "http.request", f);
	sim_cover(s, "http", st->path, "request");
	if (!s->s[AGENT].proc) {
		json_t *why = json_string("the agent is not running (restarting or migrating)");

		respond(s, id, st, s->now, 503, why, "platform", "agent-down", 0);
		json_decref(why);
		goto out;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		abort();
	r->id = id;
	r->stream = k;
	r->t0 = s->now;
	r->inc = s->s[AGENT].inc;
	r->deadline = sim_sev_new(SEV_HTTP, AGENT, 0);
	r->deadline->id = id;
	sim_at(s, s->now + SIM_HTTP_TIMEOUT_US, r->deadline);
	*h->tail = r;
	h->tail = &r->next;
	sim_dispatch(s, AGENT, json_pack("{s:s, s:I, s:s, s:s, s:O, s:O}", "t", "http", "id",
				       (json_int_t)id, "method", st->method, "path", st->path,
				       "query", query, "body", body));
out:
	json_decref(query);
	json_decref(body);
}

void sim_http_event(struct sim *s, struct sev *e)
{
	struct sim_http *h = s->http;
	struct http_req **where, *r;
	json_t *body;

	if (!e->id) {
		request(s, e->fault);
		return;
	}
	/* A client's timeout. The heap is about to free e: forget it first. */
	if (!(r = find(h, e->id, &where)))
		return;
	r->deadline = NULL;
	body = json_string(r->lost ? "gateway timeout: the agent instance holding the response ended"
				   : "gateway timeout: the agent did not answer within 60s");
	respond(s, r->id, &h->v[r->stream], r->t0, 504, body, "platform",
		r->lost ? "lost" : "timeout", 0);
	json_decref(body);
	finish(s, where);
}

void sim_http_effect(struct sim *s, const json_t *f)
{
	const char *t = json_string_value(json_object_get(f, "t"));
	json_t *id = json_object_get(f, "id"), *status = json_object_get(f, "status");
	struct sim_http *h = s->http;
	struct http_req **where, *r;

	if (!json_is_integer(id) || json_integer_value(id) <= 0 ||
	    (uint64_t)json_integer_value(id) > h->next_id ||
	    (!strcmp(t, "respond") && !json_is_integer(status))) {
		sim_fail(s, -EPROTO, "the agent sent a malformed '%s' frame", t);
		return;
	}
	r = find(h, (uint64_t)json_integer_value(id), &where);
	if (!r || r->lost) {
		/* Its client timed out already. */
		sim_emit(s, "http.late", json_pack("{s:O, s:i, s:O}", "id", id, "inc",
					       s->s[AGENT].inc, "status", status ?: json_null()));
		return;
	}
	if (!strcmp(t, "nohttp")) {
		json_t *body = json_string("not found: the agent has no HTTP handler (http_onrequest)");

		respond(s, r->id, &h->v[r->stream], r->t0, 404, body, "platform", "no-handler", r->inc);
		json_decref(body);
	} else {
		respond(s, r->id, &h->v[r->stream], r->t0, (int)json_integer_value(status),
			json_object_get(f, "body") ?: json_null(), "agent", NULL, r->inc);
	}
	finish(s, where);
}

void sim_http_agent_gone(struct sim *s)
{
	struct sim_http *h = s->http;
	struct http_req *r;

	if (!h)
		return;
	for (r = h->pending; r; r = r->next)
		if (!r->lost) {
			struct http_stream *st = &h->v[r->stream];

			r->lost = 1;
			sim_emit(s, "http.lost", json_pack("{s:I, s:i, s:s, s:s}", "id", (json_int_t)r->id,
						       "inc", r->inc, "method", st->method, "path",
						       st->path));
		}
}

void sim_http_release(struct sim *s)
{
	struct sim_http *h = s->http;

	if (!h)
		return;
	/* The heap frees its own events (deadlines included) after the run:
	 * only the bookkeeping goes here. */
	while (h->pending) {
		struct http_req *r = h->pending;

		h->pending = r->next;
		free(r);
	}
	free_streams(h->v, h->n);
	free(h);
	s->http = NULL;
}
