/*
 * check.c - the checker registry and verdict bookkeeping (see check.h).
 * The checkers themselves are in checks.c.
 */
#include "check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "core/duration.h"

struct check_set {
	struct check **v;
	size_t n;
	int64_t stopped_at;    /* the run.stop event's time; -1: none seen */
};

const struct check_info *check_catalog(void)
{
	static struct check_info info[16];
	size_t i;

	for (i = 0; check_ops_table[i] && i < 15; i++) {
		info[i].name = check_ops_table[i]->name;
		info[i].usage = check_ops_table[i]->usage;
		info[i].desc = check_ops_table[i]->desc;
	}
	info[i].name = NULL;
	return info;
}

/* The event as its trace line shows it, as a new object: seq, t and ev
 * first (a field of the same name in their place, as on the line), then
 * the other fields in their order, deep-copied, so that the verdict shows
 * the event as the trace does. */
static json_t *copy_in_line_order(const struct check_event *e)
{
	json_t *out = json_object(), *v;
	const char *key;
	size_t klen;

	json_object_set_new(out, "seq", (v = json_object_get(e->fields, "seq")) ? json_deep_copy(v) :
					 json_integer((json_int_t)e->seq));
	json_object_set_new(out, "t", (v = json_object_get(e->fields, "t")) ? json_deep_copy(v) :
				       json_integer((json_int_t)e->t));
	json_object_set_new(out, "ev", (v = json_object_get(e->fields, "ev")) ? json_deep_copy(v) :
					json_string(e->ev));
	json_object_keylen_foreach((json_t *)e->fields, key, klen, v)
		if (!json_object_getn(out, key, klen))
			json_object_setn_new(out, key, klen, json_deep_copy(v));
	return out;
}

void check_fail(struct check *c, const struct check_event *e, const char *fmt, ...)
{
	va_list ap;

	if (c->failed)
		return;
	c->failed = 1;
	c->first = e ? copy_in_line_order(e) : NULL;
	va_start(ap, fmt);
	if (vasprintf(&c->message, fmt, ap) < 0)
		c->message = NULL;
	va_end(ap);
}

static void check_free(struct check *c)
{
	if (!c)
		return;
	if (c->ops->release)
		c->ops->release(c);
	json_decref(c->first);
	free(c->message);
	free(c->spec);
	free(c);
}

static int check_new(const char *spec, struct check **out, char *err, size_t errlen)
{
	const char *colon = strchr(spec, ':');
	size_t nlen = colon ? (size_t)(colon - spec) : strlen(spec);
	const struct check_ops *ops = NULL;
	struct check *c;
	size_t i;
	int rc;

	for (i = 0; check_ops_table[i]; i++)
		if (strlen(check_ops_table[i]->name) == nlen &&
		    !strncmp(check_ops_table[i]->name, spec, nlen))
			ops = check_ops_table[i];
	if (!ops) {
		snprintf(err, errlen, "unknown invariant '%s' (try 'impchaos invariants')", spec);
		return -EINVAL;
	}
	if (!colon && ops->needs_arg) {
		snprintf(err, errlen, "invariant '%s' needs an argument: %s", spec, ops->usage);
		return -EINVAL;
	}
	if (colon && !ops->needs_arg && !ops->arg_optional) {
		snprintf(err, errlen, "invariant '%.*s' takes no argument (got '%s')", (int)nlen,
			 spec, colon + 1);
		return -EINVAL;
	}
	c = calloc(1, sizeof(*c));
	if (!c || !(c->spec = strdup(spec))) {
		free(c);
		return -ENOMEM;
	}
	c->ops = ops;
	rc = ops->init ? ops->init(c, colon ? colon + 1 : NULL, err, errlen) : 0;
	if (rc < 0) {
		/* init cleans up after itself when it fails. */
		free(c->spec);
		free(c);
		return rc;
	}
	*out = c;
	return 0;
}

static const struct check_ops *ops_of(const char *spec)
{
	size_t nlen = strcspn(spec, ":"), i;

	for (i = 0; check_ops_table[i]; i++)
		if (strlen(check_ops_table[i]->name) == nlen &&
		    !strncmp(check_ops_table[i]->name, spec, nlen))
			return check_ops_table[i];
	return NULL;
}

/* Names every spec whose invariant is unknown in one message, so that a
 * list with two typos needs one correction, not two runs. 0 or -EINVAL. */
static int check_names_known(const char *const *specs, size_t n, char *err, size_t errlen)
{
	size_t i, unknown = 0, len = 0;
	char names[1024] = "";

	for (i = 0; i < n; i++) {
		if (ops_of(specs[i]))
			continue;
		if (len < sizeof(names))
			len += (size_t)snprintf(names + len, sizeof(names) - len, "%s'%s'",
						unknown ? ", " : "", specs[i]);
		unknown++;
	}
	if (!unknown)
		return 0;
	snprintf(err, errlen, "unknown invariant%s %s (try 'impchaos invariants')",
		 unknown > 1 ? "s" : "", names);
	return -EINVAL;
}

int check_set_new(struct check_set **out, const char *const *specs, size_t n, char *err,
		  size_t errlen)
{
	struct check_set *s = calloc(1, sizeof(*s));
	size_t i;
	int rc = 0;

	if (s && (rc = check_names_known(specs, n, err, errlen)) < 0) {
		free(s);
		return rc;
	}
	if (!s || !(s->v = calloc(n ? n : 1, sizeof(*s->v)))) {
		free(s);
		return -ENOMEM;
	}
	s->stopped_at = -1;
	for (i = 0; i < n && rc == 0; i++) {
		size_t j;

		for (j = 0; j < i; j++)
			if (!strcmp(specs[i], specs[j])) {
				snprintf(err, errlen, "invariant '%s' given twice", specs[i]);
				rc = -EINVAL;
			}
		if (rc == 0 && (rc = check_new(specs[i], &s->v[i], err, errlen)) == 0)
			s->n++;
	}
	if (rc < 0) {
		check_set_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

static const char *const key_name[K_NKEYS] = {
	[K_PROC] = "proc", [K_INC] = "inc", [K_NAME] = "name", [K_VALUE] = "value",
	[K_TABLE] = "table", [K_RC] = "rc", [K_TO] = "to", [K_HOW] = "how", [K_SENSOR] = "sensor",
};

json_t *ev_lookup(struct check_event *e, enum ev_key k)
{
	e->val[k] = json_object_get(e->fields, key_name[k]);
	e->looked |= 1u << k;
	return e->val[k];
}

static const struct {
	const char *name;
	enum ev_kind kind;
} kinds[] = {
	{ "observe", EV_OBSERVE }, { "sensor.read", EV_SENSOR_READ },
	{ "msg.deliver", EV_MSG_DELIVER }, { "msg.nohandler", EV_MSG_NOHANDLER },
	{ "store.begin", EV_STORE_BEGIN }, { "store.save", EV_STORE_SAVE },
	{ "store.load", EV_STORE_LOAD }, { "store.stale", EV_STORE_STALE },
	{ "proc.start", EV_PROC_START }, { "proc.exit", EV_PROC_EXIT },
	{ "link.up", EV_LINK_UP }, { "link.down", EV_LINK_DOWN },
	{ "fault", EV_FAULT }, { "fault.fire", EV_FAULT_FIRE },
	{ "fault.fire-lost", EV_FAULT_FIRE_LOST }, { "log", EV_LOG },
	{ "http.request", EV_HTTP_REQUEST }, { "http.response", EV_HTTP_RESPONSE },
	{ "run.end", EV_RUN_END }, { "run.stop", EV_RUN_STOP }, { "run.timeout", EV_RUN_TIMEOUT },
};

/* The kind named ev: a test of its first byte passes most events by
 * without a string compare. */
static enum ev_kind kind_of(const char *ev)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].name[0] == ev[0] && !strcmp(kinds[i].name, ev))
			return kinds[i].kind;
	return EV_OTHER;
}

void check_set_trace_event(struct check_set *s, const struct trace_event *te)
{
	struct check_event e = {
		.ev = te->ev, .seq = te->seq, .t = te->t, .fields = te->fields,
	};
	size_t i;

	e.kind = kind_of(e.ev);
	if (e.kind == EV_RUN_STOP)
		s->stopped_at = e.t;
	for (i = 0; i < s->n; i++)
		if (!s->v[i]->failed)
			s->v[i]->ops->event(s->v[i], &e);
}

void check_set_event(struct check_set *s, const json_t *ev)
{
	struct trace_event te = {
		.seq = (uint64_t)json_integer_value(json_object_get(ev, "seq")),
		.t = json_integer_value(json_object_get(ev, "t")),
		.ev = json_string_value(json_object_get(ev, "ev")) ?: "",
		.fields = ev,
		.line = ev,
	};

	check_set_trace_event(s, &te);
}

size_t check_set_nfailed(const struct check_set *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		n += s->v[i]->failed != 0;
	return n;
}

int check_set_failed(const struct check_set *s, const char *spec)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i]->spec, spec))
			return s->v[i]->failed != 0;
	return 0;
}

json_t *check_set_finish(struct check_set *s)
{
	json_t *out = json_array();
	char held[200], at[32];
	size_t i;

	if (s->stopped_at >= 0)
		duration_clock(s->stopped_at, at, sizeof(at));
	for (i = 0; i < s->n; i++) {
		struct check *c = s->v[i];
		json_t *first = json_null();
		const char *msg;

		/* A run cut short is not judged as if it had got to its end. */
		if (!c->failed && c->ops->finish && s->stopped_at < 0)
			c->ops->finish(c);
		if (c->failed && c->first)
			first = json_pack("{s:O, s:O, s:O}", "seq", json_object_get(c->first, "seq"),
					  "t", json_object_get(c->first, "t"), "event", c->first);
		msg = c->message ? c->message : "held";
		if (!c->failed && s->stopped_at >= 0) {
			snprintf(held, sizeof(held), "held up to %s, where the run stopped at its first "
				 "failure%s", at, c->ops->finish ? " (the judgement it makes at the end "
				 "of a run was not made)" : "");
			msg = held;
		}
		json_t *v = json_pack("{s:s, s:b, s:s, s:o}", "invariant", c->spec, "ok", !c->failed,
				      "message", msg, "first_violation", first);

		if (c->failed && c->unobserved)
			json_object_set_new(v, "unobserved", json_true());
		json_array_append_new(out, v);
	}
	return out;
}

void check_set_free(struct check_set *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		check_free(s->v[i]);
	free(s->v);
	free(s);
}
