/*
 * sim_httpout.c - outbound HTTP from the agent in the simulated cloud: the
 * workload's endpoints (format in sim_httpout.h), the answer each request
 * gets, the http/out faults, and every request's fate in the trace.
 * Harness side, beside sim.c's event loop; the agent's end is
 * harness/host/agent_httpout.c.
 *
 * DESIGN
 * The agent reports a request as an "httpout" effect frame. The harness
 * decides the answer at once, from the first endpoint that matches (its
 * status, a body drawn from the endpoint's own PRNG stream, a latency
 * drawn from another), then lets an armed http/out fault change it. A
 * synchronous request is answered in the same instant with an "httpreply"
 * frame while the child waits (simulated time does not pass inside a
 * handler). An asynchronous one becomes a SEV_HTTP_OUT event after the
 * latency, delivered as an "httpdone" event frame to the agent instance
 * that sent it, or traced as lost when that instance has ended.
 *
 * A request's fates (trace events):
 *   http.out.request --[no endpoint matches]--> status 0, why "undeclared"
 *                                               (and a log line naming the URL)
 *   http.out.request --[endpoint]--> the endpoint's answer
 *     --[http/out/error armed]--> status 0 --[http/out/5xx]--> 5xx
 *     --[http/out/slow, or latency > timeout]--> status 28 at the timeout
 *   sync: http.out.response at once
 *   async: SEV_HTTP_OUT --[its instance runs]--> http.out.response, "httpdone"
 *                       --[its instance ended]--> http.out.lost
 *
 * Fault arms are kept in arming order; each request to a declared endpoint
 * takes the first arm that still applies (a count left, or a window still
 * open whose coin comes up).
 */
#include "sim_httpout.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/duration.h"
#include "sim_int.h"
#include "sim_tmpl.h"

#define DEFAULT_LATENCY_US (100 * MS)

static const char *const methods[] = { "GET", "POST", "PUT", "DELETE", "PATCH", NULL };
static const char *const endpoint_keys[] = { "name", "url", "method", "status", "body", "headers",
					     "latency", NULL };

struct endpoint {
	char *name;
	char *url;                    /* without the final '*' */
	int prefix;                   /* the url ended in '*': a prefix match */
	const char *method;           /* static, from methods[]; NULL: any */
	int status;
	json_t *body, *headers;       /* template (NULL: ""), object (NULL: none) */
	int64_t lat_lo, lat_hi;
	struct prng latency, draw;
};

struct httpout_arm {
	const struct fault_info *info;
	long long left;               /* requests still to change; < 0: a window */
	double p;                     /* a window's probability per request */
	int64_t to_us;                /* a window's end */
	int status;                   /* http/out/5xx: 0 for a seeded one */
	struct prng prng;             /* windows' coins, seeded statuses */
	struct httpout_arm *next;
};

struct sim_httpout {
	struct endpoint *v;
	size_t n;
	struct httpout_arm *arms;     /* in arming order */
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

/* Fills err with "workload.endpoints[i] ("name"): ..." and returns -EINVAL. */
static int bad(char *err, size_t errlen, size_t i, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int bad(char *err, size_t errlen, size_t i, const char *name, const char *fmt, ...)
{
	size_t off;
	va_list ap;

	off = (size_t)snprintf(err, errlen, "workload.endpoints[%zu]%s%s%s: ", i, name ? " (\"" : "",
			       name ? name : "", name ? "\")" : "");
	if (off < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + off, errlen - off, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int latency_of(const json_t *v, int64_t *lo, int64_t *hi)
{
	if (json_is_string(v)) {
		if (duration_parse(json_string_value(v), lo) < 0)
			return -EINVAL;
		*hi = *lo;
		return 0;
	}
	if (!json_is_array(v) || json_array_size(v) != 2 ||
	    !json_is_string(json_array_get(v, 0)) || !json_is_string(json_array_get(v, 1)) ||
	    duration_parse(json_string_value(json_array_get(v, 0)), lo) < 0 ||
	    duration_parse(json_string_value(json_array_get(v, 1)), hi) < 0 || *lo > *hi)
		return -EINVAL;
	return 0;
}

static void endpoint_release(struct endpoint *ep)
{
	free(ep->name);
	free(ep->url);
	json_decref(ep->body);
	json_decref(ep->headers);
}

static int parse_endpoint(const json_t *o, size_t i, struct endpoint *ep, char *err, size_t errlen)
{
	const char *name = json_string_value(json_object_get(o, "name"));
	const char *url = json_string_value(json_object_get(o, "url"));
	const char *method = json_string_value(json_object_get(o, "method"));
	const char *key, *label = name ? name : url;
	char sub[768];
	json_t *v;
	size_t len;

	memset(ep, 0, sizeof(*ep));
	if (!json_is_object(o))
		return bad(err, errlen, i, NULL, "each endpoint must be an object such as {\"url\": "
			   "\"https://api.example.com/forecast*\", \"status\": 200, \"body\": \"...\"}");
	if (json_object_get(o, "name") && (!name || !name[0]))
		return bad(err, errlen, i, NULL, "\"name\" must be a non-empty string");
	json_object_foreach((json_t *)o, key, v)
		if (!in_list(key, endpoint_keys))
			return bad(err, errlen, i, label, "unknown key \"%s\" (expected url, method, "
				   "status, body, headers, latency, name)", key);
	len = url ? strlen(url) : 0;
	if (!url || (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) ||
	    strpbrk(url, " \t\r\n") || (strchr(url, '*') && strchr(url, '*') != url + len - 1))
		return bad(err, errlen, i, label, "\"url\" must be a string starting with http:// or "
			   "https://, without spaces, where only a final '*' matches any rest, e.g. "
			   "\"https://api.example.com/forecast*\"");
	if (json_object_get(o, "method") && (!method || !in_list(method, methods)))
		return bad(err, errlen, i, label, "\"method\" must be one of GET, POST, PUT, DELETE, "
			   "PATCH%s%s%s (or leave it out to match any)", method ? " (got \"" : "",
			   method ? method : "", method ? "\")" : "");
	v = json_object_get(o, "status");
	if (v && (!json_is_integer(v) || json_integer_value(v) < 100 || json_integer_value(v) > 599))
		return bad(err, errlen, i, label, "\"status\" must be an HTTP status from 100 to 599 "
			   "(the service's answer; transport errors are the http/out faults')");
	ep->status = v ? (int)json_integer_value(v) : 200;
	ep->lat_lo = ep->lat_hi = DEFAULT_LATENCY_US;
	v = json_object_get(o, "latency");
	if (v && latency_of(v, &ep->lat_lo, &ep->lat_hi) < 0)
		return bad(err, errlen, i, label, "\"latency\" must be a duration such as \"300ms\", or "
			   "a [MIN, MAX] pair of them with MIN <= MAX, e.g. [\"100ms\", \"2s\"]");
	v = json_object_get(o, "headers");
	if (v) {
		json_t *h;

		if (!json_is_object(v))
			return bad(err, errlen, i, label, "\"headers\" must be an object of strings, "
				   "e.g. {\"content-type\": \"application/json\"}");
		json_object_foreach(v, key, h)
			if (!json_is_string(h))
				return bad(err, errlen, i, label, "\"headers\".%s must be a string", key);
	}
	v = json_object_get(o, "body");
	if (v && sim_tmpl_check(v, "body", sub, sizeof(sub)) < 0)
		return bad(err, errlen, i, label, "%s", sub);
	if (method)
		for (const char *const *m = methods; *m; m++)
			if (!strcmp(method, *m))
				ep->method = *m;
	if (name)
		ep->name = strdup(name);
	else if (method && asprintf(&ep->name, "%s %s", method, url) < 0)
		ep->name = NULL;
	else if (!method)
		ep->name = strdup(url);
	ep->prefix = url[len - 1] == '*';
	ep->url = strndup(url, len - (size_t)ep->prefix);
	if (!ep->name || !ep->url)
		abort();
	if ((v = json_object_get(o, "body")))
		ep->body = json_incref(v);
	if ((v = json_object_get(o, "headers")))
		ep->headers = json_incref(v);
	return 0;
}

static void free_endpoints(struct endpoint *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		endpoint_release(&v[i]);
	free(v);
}

static int parse_endpoints(const json_t *workload, struct endpoint **out, size_t *n, char *err,
			   size_t errlen)
{
	const json_t *arr = json_object_get(workload, "endpoints");
	struct endpoint *v;
	size_t i, j, k = 0;

	*out = NULL;
	*n = 0;
	if (!arr)
		return 0;
	if (!json_is_array(arr)) {
		snprintf(err, errlen, "workload.endpoints must be an array of endpoints such as "
			 "[{\"url\": \"https://api.example.com/forecast*\", \"status\": 200}]");
		return -EINVAL;
	}
	v = calloc(json_array_size(arr) + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < json_array_size(arr); i++) {
		if (parse_endpoint(json_array_get(arr, i), i, &v[k], err, errlen) < 0) {
			endpoint_release(&v[k]);
			goto fail;
		}
		k++;
		for (j = 0; j + 1 < k; j++)
			if (!strcmp(v[j].name, v[k - 1].name)) {
				bad(err, errlen, i, v[k - 1].name, "another endpoint has the same name: "
				    "give each a distinct \"name\"");
				goto fail;
			}
	}
	*out = v;
	*n = k;
	return 0;
fail:
	free_endpoints(v, k);
	return -EINVAL;
}

int sim_httpout_check_workload(const json_t *workload, char *err, size_t errlen)
{
	struct endpoint *v;
	size_t n;
	int rc = parse_endpoints(workload, &v, &n, err, errlen);

	if (rc == 0)
		free_endpoints(v, n);
	return rc;
}

int sim_httpout_has_endpoints(const json_t *workload)
{
	return json_array_size(json_object_get(workload, "endpoints")) > 0;
}

/* ---- the simulation's side ---- */

int sim_httpout_start(struct sim *s)
{
	struct sim_httpout *h = calloc(1, sizeof(*h));
	char stream[1024];
	size_t i;
	int rc;

	if (!h)
		abort();
	s->httpout = h;
	/* target.c validated the endpoints: an error here is one too. */
	rc = parse_endpoints(s->sc->target->workload, &h->v, &h->n, s->err, s->errlen);
	if (rc < 0) {
		s->rc = rc;
		return rc;
	}
	for (i = 0; i < h->n; i++) {
		/* Latencies and bodies from separate streams: a new body template
		 * does not move the answers in time. */
		snprintf(stream, sizeof(stream), "httpout/%s/latency", h->v[i].name);
		prng_init(&h->v[i].latency, s->sc->seed, stream);
		snprintf(stream, sizeof(stream), "httpout/%s/draw", h->v[i].name);
		prng_init(&h->v[i].draw, s->sc->seed, stream);
	}
	return 0;
}

const char *sim_httpout_arm(struct sim *s, const struct sched_entry *e,
			    const struct fault_info *info, struct prng *p)
{
	struct sim_httpout *h = s->httpout;
	struct httpout_arm *a, **pp;

	if (!h || !h->n)
		return "the target declares no outbound endpoints (workload.endpoints)";
	a = calloc(1, sizeof(*a));
	if (!a)
		abort();
	a->info = info;
	a->prng = *p;
	a->status = (int)fault_param_int(e, "status", 0);
	if (e->kind == SCHED_WINDOW) {
		a->left = -1;
		a->p = e->p;
		a->to_us = e->to_us;
	} else {
		a->left = fault_param_int(e, "count", 1);
	}
	for (pp = &h->arms; *pp; pp = &(*pp)->next)
		;
	*pp = a;
	return NULL;
}

/* The arm that changes the next request to a declared endpoint, or NULL.
 * Spent arms and closed windows are dropped on the way. */
static struct httpout_arm *take_arm(struct sim *s)
{
	struct sim_httpout *h = s->httpout;
	struct httpout_arm **pp = &h->arms, *a;

	while ((a = *pp)) {
		if (a->left < 0 && a->to_us != SCHED_UNTIL_END && s->now >= a->to_us) {
			*pp = a->next;
			free(a);
			continue;
		}
		if (a->left > 0) {
			a->left--;
			return a;
		}
		if (a->left < 0 && prng_unit(&a->prng) < a->p)
			return a;
		if (a->left == 0) {
			*pp = a->next;
			free(a);
			continue;
		}
		pp = &a->next;
	}
	return NULL;
}

static struct endpoint *match(struct sim_httpout *h, const char *method, const char *url)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		struct endpoint *ep = &h->v[i];

		if (ep->method && strcmp(ep->method, method))
			continue;
		if (ep->prefix ? !strncmp(url, ep->url, strlen(ep->url)) : !strcmp(url, ep->url))
			return ep;
	}
	return NULL;
}

/* The response's headers: the endpoint's, and a content type that says
 * what the body is unless the endpoint gave one. */
static json_t *reply_headers(const struct endpoint *ep, const json_t *body)
{
	json_t *hd = ep && ep->headers ? json_deep_copy(ep->headers) : json_object();

	if (ep && !json_object_get(hd, "content-type"))
		json_object_set_new(hd, "content-type", json_string(json_is_string(body) ?
					"text/plain" : "application/json"));
	return hd;
}

void sim_httpout_effect(struct sim *s, enum side sd, const json_t *f)
{
	struct sim_httpout *h = s->httpout;
	json_t *id = json_object_get(f, "id"), *timeout = json_object_get(f, "timeout");
	const char *method = json_string_value(json_object_get(f, "method"));
	const char *url = json_string_value(json_object_get(f, "url"));
	int sync = json_is_true(json_object_get(f, "sync"));
	struct endpoint *ep;
	struct httpout_arm *arm = NULL;
	const char *why = NULL;
	json_t *fields, *body, *headers, *reply;
	int64_t latency = 0, timeout_us;
	uint64_t tid;
	int status;

	if (!json_is_integer(id) || json_integer_value(id) <= 0 || !method || !url ||
	    !json_is_integer(timeout) || json_integer_value(timeout) < 0) {
		sim_fail(s, -EPROTO, "the %s sent a malformed 'httpout' frame", side_name[sd]);
		return;
	}
	timeout_us = json_integer_value(timeout);
	tid = ++h->next_id;
	ep = match(h, method, url);
	fields = sim_ids(s, sd);
	json_object_set_new(fields, "id", json_integer((json_int_t)tid));
	json_object_set_new(fields, "method", json_string(method));
	json_object_set_new(fields, "url", json_string(url));
	if (ep)
		json_object_set_new(fields, "endpoint", json_string(ep->name));
	if (json_object_size(json_object_get(f, "headers")))
		json_object_set(fields, "headers", json_object_get(f, "headers"));
	json_object_set(fields, "body", json_object_get(f, "body") ?: json_null());
	json_object_set_new(fields, "sync", json_boolean(sync));
	if (!sync)
		json_object_set(fields, "timeout_us", timeout);
	sim_emit(s, "http.out.request", fields);
	sim_cover(s, "http-out", ep ? ep->name : "undeclared", "request");

	if (!ep) {
		/* Nothing answers there: a connection error, as the imp reports
		 * one, and a line that says what to do. */
		status = SIM_HTTPOUT_CONNECT_ERROR;
		why = "undeclared";
		body = json_string("");
		fields = sim_ids(s, sd);
		json_object_set_new(fields, "level", json_string("error"));
		json_object_set_new(fields, "source", json_string("platform"));
		{
			char *text;

			if (asprintf(&text, "ERROR: http request to '%s' failed with status 0: nothing "
				     "answers there in the simulation; declare an endpoint for it in "
				     "target.json's workload.endpoints", url) < 0)
				abort();
			json_object_set_new(fields, "text", json_string(text));
			free(text);
		}
		sim_emit(s, "log", fields);
	} else {
		latency = prng_range(&ep->latency, ep->lat_lo, ep->lat_hi);
		body = ep->body ? sim_tmpl_draw(ep->body, &ep->draw) : json_string("");
		status = ep->status;
		arm = take_arm(s);
	}
	if (arm) {
		why = arm->info->name;
		fields = sim_ids(s, sd);
		json_object_set_new(fields, "name", json_string(arm->info->name));
		json_object_set_new(fields, "request", json_integer((json_int_t)tid));
		sim_emit(s, "fault.fire", fields);
		json_decref(body);
		switch (arm->info->id) {
		case FAULT_HTTP_OUT_ERROR:
			status = SIM_HTTPOUT_CONNECT_ERROR;
			body = json_string("");
			break;
		case FAULT_HTTP_OUT_SLOW:
			status = SIM_HTTPOUT_TIMEOUT;
			latency = timeout_us;
			body = json_string("");
			break;
		default: {
			static const int seeded[] = { 500, 502, 503, 504 };

			status = arm->status ? arm->status : seeded[prng_below(&arm->prng, 4)];
			body = json_string("server error (http/out/5xx)");
			break;
		}
		}
	} else if (ep && !sync && latency > timeout_us) {
		/* The endpoint itself is slower than the request allows. */
		status = SIM_HTTPOUT_TIMEOUT;
		latency = timeout_us;
		why = "timeout";
		json_decref(body);
		body = json_string("");
	}
	headers = status >= 100 ? reply_headers(ep, body) : json_object();
	if (sync)
		latency = 0;    /* simulated time does not pass inside a handler */
	reply = json_pack("{s:I, s:i, s:o, s:o, s:I}", "tid", (json_int_t)tid, "status", status,
			  "body", body, "headers", headers, "latency_us", (json_int_t)latency);
	if (why)
		json_object_set_new(reply, "why", json_string(why));
	if (sync) {
		json_t *frame;

		/* The same fields, in the same order, as an async answer's. */
		fields = sim_ids(s, sd);
		json_object_set_new(fields, "id", json_integer((json_int_t)tid));
		json_object_set_new(fields, "status", json_integer(status));
		json_object_set_new(fields, "latency_us", json_integer(0));
		if (why)
			json_object_set_new(fields, "why", json_string(why));
		json_object_set(fields, "body", json_object_get(reply, "body"));
		sim_emit(s, "http.out.response", fields);
		sim_cover(s, "http-out", ep ? ep->name : "undeclared", why ? why : "response");
		frame = json_pack("{s:s, s:I, s:O, s:i, s:O, s:O}", "t", "httpreply", "now",
				  (json_int_t)s->now, "id", id, "status", status, "body",
				  json_object_get(reply, "body"), "headers", headers);
		if (proc_send(s->s[sd].proc, frame) < 0) {
			/* It died meanwhile: collect() finds out from the stream. */
		}
		json_decref(frame);
		json_decref(reply);
		return;
	}
	{
		struct sev *e = sim_sev_new(SEV_HTTP_OUT, sd, s->s[sd].inc);

		e->id = (uint64_t)json_integer_value(id);
		e->data = reply;
		e->name = strdup(ep ? ep->name : "undeclared");
		sim_at(s, s->now + latency, e);
	}
}

void sim_httpout_event(struct sim *s, struct sev *e)
{
	static const enum side agents[] = { AGENT, AGENT_STALE };
	json_t *fields = json_pack("{s:s, s:i}", "proc", "agent", "inc", e->inc);
	const char *why = json_string_value(json_object_get(e->data, "why"));
	size_t k;

	json_object_set(fields, "id", json_object_get(e->data, "tid"));
	json_object_set(fields, "status", json_object_get(e->data, "status"));
	for (k = 0; k < 2; k++) {
		enum side sd = agents[k];

		if (!s->s[sd].proc || s->s[sd].inc != e->inc)
			continue;
		json_object_set(fields, "latency_us", json_object_get(e->data, "latency_us"));
		if (why)
			json_object_set_new(fields, "why", json_string(why));
		json_object_set(fields, "body", json_object_get(e->data, "body"));
		sim_emit(s, "http.out.response", fields);
		sim_cover(s, "http-out", e->name, why ? why : "response");
		sim_dispatch(s, sd, json_pack("{s:s, s:I, s:i, s:O, s:O}", "t", "httpdone", "id",
					  (json_int_t)e->id, "status",
					  (int)json_integer_value(json_object_get(e->data, "status")),
					  "body", json_object_get(e->data, "body"), "headers",
					  json_object_get(e->data, "headers")));
		return;
	}
	/* The instance that asked is gone: a restart wipes its callbacks. */
	json_object_set_new(fields, "why", json_string("the agent instance that sent it ended"));
	sim_emit(s, "http.out.lost", fields);
	sim_cover(s, "http-out", e->name, "lost");
}

void sim_httpout_release(struct sim *s)
{
	struct sim_httpout *h = s->httpout;

	if (!h)
		return;
	while (h->arms) {
		struct httpout_arm *a = h->arms;

		h->arms = a->next;
		free(a);
	}
	free_endpoints(h->v, h->n);
	free(h);
	s->httpout = NULL;
}
