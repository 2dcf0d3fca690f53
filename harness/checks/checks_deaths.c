/*
 * checks_deaths.c - the checkers of a side's deaths of its own making:
 * no-crash-loop (an agent or device that keeps dying: out of memory, a
 * crash, a Squirrel error, the effect limit) and no-oom (no out-of-memory
 * exit a fault did not cause). Fed trace events by check.c.
 *
 * A death counts when nothing injected caused it. The harness's own kills
 * (agent/crash, power cycles, migrations, deploys) end an incarnation with
 * a "how" of their own and never count; an injected out of memory
 * (agent/mem/malloc, device/mem/malloc, libc/mm/malloc) names its fault in
 * its fault.fire, where running past the memory quota names
 * "memory-quota"; and an incarnation in which any fault point fired may
 * die of it, so none of its deaths count. A platform fault schedule alone
 * therefore never trips these checks, whatever its rates.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "core/duration.h"
#include "core/size.h"

static const char *str_of(const json_t *ev, const char *key)
{
	const char *v = json_string_value(json_object_get(ev, key));

	return v ? v : "";
}

/* What each incarnation went through before its exit, shared by both
 * checkers: "agent:3" -> {"fired": true} when a fault point fired in it,
 * {"quota": BYTES, "used": BYTES} when it ran past its memory quota. */
static void note_fire(json_t *incs, struct check_event *ev)
{
	char key[64];
	json_t *rec;

	snprintf(key, sizeof(key), "%s:%lld", ev_str(ev, K_PROC),
		 (long long)json_integer_value(ev_get(ev, K_INC)));
	if (!(rec = json_object_get(incs, key))) {
		rec = json_object();
		json_object_set_new(incs, key, rec);
	}
	if (ev->kind == EV_FAULT_FIRE && !strcmp(ev_str(ev, K_NAME), "memory-quota") &&
	    !strcmp(str_of(ev->fields, "action"), "oom")) {
		json_object_set(rec, "quota", json_object_get(ev->fields, "quota"));
		json_object_set(rec, "used", json_object_get(ev->fields, "used"));
	} else {
		json_object_set_new(rec, "fired", json_true());
	}
}

/* The incarnation's record, removed from incs (its exit ends it); a new
 * reference, or NULL when nothing happened in it. */
static json_t *take_inc(json_t *incs, struct check_event *ev)
{
	char key[64];
	json_t *rec;

	snprintf(key, sizeof(key), "%s:%lld", ev_str(ev, K_PROC),
		 (long long)json_integer_value(ev_get(ev, K_INC)));
	rec = json_incref(json_object_get(incs, key));
	json_object_del(incs, key);
	return rec;
}

/* Why a proc.exit counts as a death of the side's own making, into buf
 * ("out of memory (quota 1M)", "SIGSEGV", "a Squirrel error"); NULL when
 * it does not count. rec is the incarnation's record (may be NULL). */
static const char *own_death(struct check_event *ev, const json_t *rec, char *buf, size_t n)
{
	const char *how = ev_str(ev, K_HOW);
	char q[32];

	if (json_is_true(json_object_get(rec, "fired")) || json_object_get(ev->fields, "memcheck"))
		return NULL;
	if (!strcmp(how, "oom")) {
		json_int_t quota = json_integer_value(json_object_get(rec, "quota"));

		if (!json_object_get(rec, "quota"))
			return NULL;    /* an oom with no record: not the quota's */
		if (quota > 0)
			snprintf(buf, n, "out of memory (quota %s)", size_format(quota, q, sizeof(q)));
		else
			snprintf(buf, n, "out of memory");
		return buf;
	}
	if (!strcmp(how, "crashed")) {
		if (json_object_get(ev->fields, "signal"))
			snprintf(buf, n, "SIG%s", str_of(ev->fields, "signal"));
		else if (json_is_integer(json_object_get(ev->fields, "status")))
			snprintf(buf, n, "exit status %lld",
				 (long long)json_integer_value(json_object_get(ev->fields, "status")));
		else
			return NULL;
		return buf;
	}
	if (!strcmp(how, "squirrel-error"))
		return snprintf(buf, n, "a Squirrel error"), buf;
	if (!strcmp(how, "effect-limit"))
		return snprintf(buf, n, "the effect limit"), buf;
	return NULL;
}

/* ---- no-crash-loop[:N,WINDOW] ----
 *
 * No side dies of its own making more than N times within any WINDOW of
 * simulated time (default 3 in 1h). A side that runs out of memory,
 * restarts and grows again passes every other invariant: each restart
 * opens liveness's grace anew and a counter that stops growing never goes
 * backwards. One series per side: the agent's incarnations (stale
 * duplicates included) and the device's boots. */

#define LOOP_DEFAULT_N 3
#define LOOP_DEFAULT_WINDOW_US (3600LL * 1000000)
#define LOOP_MAX_N 100000

struct loop_side {
	int64_t *t;           /* the counted deaths' times, a ring of N + 1 */
	char **why;           /* and their causes */
	long count;           /* deaths counted so far */
};

struct loop {
	long n;
	int64_t window;
	json_t *incs;
	struct loop_side side[2];    /* agent, device */
};

static int loop_init(struct check *c, const char *arg, char *err, size_t errlen)
{
	struct loop *l = calloc(1, sizeof(*l));
	char *end;
	int i;

	if (!l)
		return -ENOMEM;
	l->n = LOOP_DEFAULT_N;
	l->window = LOOP_DEFAULT_WINDOW_US;
	if (arg) {
		const char *comma = strchr(arg, ',');

		errno = 0;
		l->n = arg[0] >= '0' && arg[0] <= '9' ? strtol(arg, &end, 10) : -1;
		if (l->n < 0 || errno || !comma || end != comma || l->n > LOOP_MAX_N ||
		    duration_parse(comma + 1, &l->window) < 0 || l->window <= 0) {
			snprintf(err, errlen, "invariant 'no-crash-loop:%s': expected no-crash-loop:N,WINDOW "
				 "with N from 0 to %d deaths and a duration, e.g. no-crash-loop:3,1h",
				 arg, LOOP_MAX_N);
			free(l);
			return -EINVAL;
		}
	}
	l->incs = json_object();
	for (i = 0; i < 2; i++) {
		l->side[i].t = calloc((size_t)l->n + 1, sizeof(int64_t));
		l->side[i].why = calloc((size_t)l->n + 1, sizeof(char *));
		if (!l->side[i].t || !l->side[i].why)
			abort();
	}
	c->state = l;
	return 0;
}

static void loop_release(struct check *c)
{
	struct loop *l = c->state;
	int i;
	long k;

	for (i = 0; i < 2; i++) {
		for (k = 0; k <= l->n; k++)
			free(l->side[i].why[k]);
		free(l->side[i].t);
		free(l->side[i].why);
	}
	json_decref(l->incs);
	free(l);
}

/* "out of memory (quota 1M)" when every death of the window had that
 * cause, else "4 by out of memory (quota 1M), 1 by SIGSEGV". */
static void loop_causes(const struct loop *l, const struct loop_side *s, char *buf, size_t n)
{
	long k, j, ring = l->n + 1, seen;
	size_t off = 0;

	buf[0] = '\0';
	for (k = 0; k < ring; k++) {
		const char *why = s->why[k];
		int first = 1;

		for (j = 0; j < k; j++)
			first &= strcmp(s->why[j], why) != 0;
		if (!first)
			continue;
		for (seen = 0, j = 0; j < ring; j++)
			seen += !strcmp(s->why[j], why);
		if (seen == ring) {
			snprintf(buf, n, "%s", why);
			return;
		}
		if (off < n)
			off += (size_t)snprintf(buf + off, n - off, "%s%ld by %s", off ? ", " : "",
						seen, why);
	}
}

static void loop_event(struct check *c, struct check_event *ev)
{
	struct loop *l = c->state;
	const char *why;
	struct loop_side *s;
	json_t *rec;
	char buf[96], causes[512], win[32], from[32], at[32];
	long slot, oldest;

	if (ev->kind == EV_FAULT_FIRE || ev->kind == EV_FAULT_FIRE_LOST) {
		note_fire(l->incs, ev);
		return;
	}
	if (ev->kind != EV_PROC_EXIT)
		return;
	rec = take_inc(l->incs, ev);
	why = own_death(ev, rec, buf, sizeof(buf));
	json_decref(rec);
	if (!why)
		return;
	s = &l->side[!strcmp(ev_str(ev, K_PROC), "device")];
	slot = s->count % (l->n + 1);
	s->t[slot] = ev->t;
	free(s->why[slot]);
	s->why[slot] = strdup(why);
	s->count++;
	if (s->count <= l->n)
		return;
	/* The N + 1 latest deaths are in the ring; the oldest of them is at
	 * the next slot. */
	oldest = s->count % (l->n + 1);
	if (s->t[slot] - s->t[oldest] >= l->window)
		return;
	loop_causes(l, s, causes, sizeof(causes));
	duration_format(l->window, win, sizeof(win));
	duration_clock(s->t[oldest], from, sizeof(from));
	duration_clock(s->t[slot], at, sizeof(at));
	check_fail(c, ev, "the %s died %ld times within %s, from %s to %s, by %s, and no fault "
		   "was injected there: a crash loop (see %s.log in the run directory)",
		   ev_str(ev, K_PROC), l->n + 1, win, from, at, causes, ev_str(ev, K_PROC));
}

const struct check_ops check_crash_loop_ops = {
	.name = "no-crash-loop",
	.usage = "no-crash-loop[:N,WINDOW]",
	.desc = "no agent or device dies of its own code (out of memory, crash, Squirrel error) more than N times in WINDOW (default 3 in 1h)",
	.arg_optional = 1,
	.init = loop_init,
	.event = loop_event,
	.release = loop_release,
};

/* ---- no-oom ----
 *
 * No side runs out of memory unless a fault made it: an exit past the
 * memory quota (target.json's "memory", --agent-memory, --device-memory,
 * or a Squirrel VM's own) in an incarnation where no fault point fired. */

static int oom_init(struct check *c, const char *arg, char *err, size_t errlen)
{
	(void)arg;
	(void)err;
	(void)errlen;
	c->state = json_object();
	return c->state ? 0 : -ENOMEM;
}

static void oom_event(struct check *c, struct check_event *ev)
{
	json_t *rec;
	char buf[96], at[32], used[32], quota[32];

	if (ev->kind == EV_FAULT_FIRE || ev->kind == EV_FAULT_FIRE_LOST) {
		note_fire(c->state, ev);
		return;
	}
	if (ev->kind != EV_PROC_EXIT)
		return;
	rec = take_inc(c->state, ev);
	if (!strcmp(ev_str(ev, K_HOW), "oom") && own_death(ev, rec, buf, sizeof(buf))) {
		duration_clock(ev->t, at, sizeof(at));
		size_format(json_integer_value(json_object_get(rec, "used")), used, sizeof(used));
		size_format(json_integer_value(json_object_get(rec, "quota")), quota, sizeof(quota));
		check_fail(c, ev, "the %s (incarnation %lld) ran out of memory at %s: %s bytes used, "
			   "quota %s, and no fault was injected there", ev_str(ev, K_PROC),
			   (long long)json_integer_value(ev_get(ev, K_INC)), at, used, quota);
	}
	json_decref(rec);
}

static void oom_release(struct check *c)
{
	json_decref(c->state);
}

const struct check_ops check_no_oom_ops = {
	.name = "no-oom",
	.usage = "no-oom",
	.desc = "no agent or device runs out of memory unless a fault made it",
	.init = oom_init,
	.event = oom_event,
	.release = oom_release,
};
