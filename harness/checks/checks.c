/*
 * checks.c - the built-in invariant checkers, fed
 * trace events by check.c. Each reads only the trace's event vocabulary
 * (observe, store.save, msg.*), never anything target-specific.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "core/duration.h"

static char *fmt_t(const struct check_event *e, char *buf, size_t n)
{
	duration_clock(e->t, buf, n);
	return buf;
}

/* ---- counter-monotonic:NAME[/EPOCH] ----
 *
 * A counter never goes backwards. Two kinds of series are checked
 * separately: the values a process reports with impchaos_observe(NAME) (one
 * series per side, "agent" or "device", across all its incarnations: a
 * restart must not reset what it publishes) and the top-level field NAME of
 * every table the agent saved successfully. With /EPOCH, the counter may
 * decrease only when EPOCH (observed by the same side, or a field of the
 * same table) differs from its value when the counter was last seen: a
 * per-day accumulator resets when the day changes, and only then. An
 * EPOCH that goes back (a smaller number, or an earlier string: "2026-03-31"
 * after "2026-04-01") is a failure of its own, whatever the counter does:
 * the day a total belongs to never goes back. A table without the field is not a sample. A run in which NAME was never
 * seen fails: a misspelt name must not pass silently. */

struct series {
	int have;
	double last;
	json_t *epoch_at_last;   /* EPOCH's value when `last` was seen */
	json_t *epoch_now;       /* observe series: latest EPOCH seen */
	int64_t last_t;
};

struct counter {
	char *name, *epoch;
	struct series obs[2], store;   /* obs[0] agent, obs[1] device */
	long samples;
};

static int counter_init(struct check *c, const char *arg, char *err, size_t errlen)
{
	struct counter *k = calloc(1, sizeof(*k));
	const char *slash = strchr(arg, '/');

	if (!k)
		return -ENOMEM;
	k->name = slash ? strndup(arg, (size_t)(slash - arg)) : strdup(arg);
	k->epoch = slash ? strdup(slash + 1) : NULL;
	if (!k->name || !k->name[0] || (slash && (!k->epoch || !k->epoch[0]))) {
		snprintf(err, errlen, "invariant 'counter-monotonic:%s': expected "
			 "counter-monotonic:NAME or counter-monotonic:NAME/EPOCH", arg);
		free(k->name);
		free(k->epoch);
		free(k);
		return -EINVAL;
	}
	c->state = k;
	return 0;
}

static void series_release(struct series *s)
{
	json_decref(s->epoch_at_last);
	json_decref(s->epoch_now);
}

static void counter_release(struct check *c)
{
	struct counter *k = c->state;

	series_release(&k->obs[0]);
	series_release(&k->obs[1]);
	series_release(&k->store);
	free(k->name);
	free(k->epoch);
	free(k);
}

/* Whether epoch a comes before b: numbers by value, strings in byte
 * order (ISO dates sort so); values of other types are never ordered. */
static int epoch_before(const json_t *a, const json_t *b)
{
	if (json_is_number(a) && json_is_number(b))
		return json_number_value(a) < json_number_value(b);
	if (json_is_string(a) && json_is_string(b))
		return strcmp(json_string_value(a), json_string_value(b)) < 0;
	return 0;
}

static void sample(struct check *c, struct series *s, const char *what, double v,
		   const json_t *epoch, const struct check_event *ev)
{
	struct counter *k = c->state;
	char was[32], now[32];

	k->samples++;
	if (s->have && epoch && s->epoch_at_last && epoch_before(epoch, s->epoch_at_last)) {
		char *e0 = json_dumps(s->epoch_at_last, JSON_ENCODE_ANY | JSON_COMPACT);
		char *e1 = json_dumps(epoch, JSON_ENCODE_ANY | JSON_COMPACT);

		duration_clock(s->last_t, was, sizeof(was));
		check_fail(c, ev, "epoch went back: %s %s's epoch %s went back from %s (at %s) to %s "
			   "(at %s)", what, k->name, k->epoch, e0 ? e0 : "?", was, e1 ? e1 : "?",
			   fmt_t(ev, now, sizeof(now)));
		free(e0);
		free(e1);
	}
	if (s->have && v < s->last &&
	    !(k->epoch && epoch && s->epoch_at_last && !json_equal(epoch, s->epoch_at_last))) {
		duration_clock(s->last_t, was, sizeof(was));
		check_fail(c, ev, "%s %s went backwards from %.17g (at %s) to %.17g (at %s)%s", what,
			   k->name, s->last, was, v, fmt_t(ev, now, sizeof(now)),
			   k->epoch ? ", with its epoch unchanged" : "");
	}
	s->have = 1;
	s->last = v;
	s->last_t = ev->t;
	json_decref(s->epoch_at_last);
	s->epoch_at_last = epoch ? json_deep_copy(epoch) : NULL;
}

static void counter_event(struct check *c, struct check_event *ev)
{
	struct counter *k = c->state;

	if (ev->kind == EV_OBSERVE) {
		const char *proc = json_string_value(ev_get(ev, K_PROC));
		const char *name = json_string_value(ev_get(ev, K_NAME));
		struct series *s = &k->obs[proc && !strcmp(proc, "device")];
		json_t *value = ev_get(ev, K_VALUE);

		if (!name)
			return;
		if (k->epoch && !strcmp(name, k->epoch)) {
			json_decref(s->epoch_now);
			s->epoch_now = json_deep_copy(value);
		}
		if (!strcmp(name, k->name) && json_is_number(value))
			sample(c, s, proc && !strcmp(proc, "device") ? "device-observed" : "observed",
			       json_number_value(value), s->epoch_now, ev);
	} else if (ev->kind == EV_STORE_SAVE) {
		const json_t *table = ev_get(ev, K_TABLE);
		json_t *value = json_object_get(table, k->name);

		if (json_integer_value(ev_get(ev, K_RC)) != 0 || !json_is_number(value))
			return;
		sample(c, &k->store, "persisted", json_number_value(value),
		       k->epoch ? json_object_get(table, k->epoch) : NULL, ev);
	}
}

static void counter_finish(struct check *c)
{
	struct counter *k = c->state;

	if (k->samples == 0)
		check_fail(c, NULL, "no value named '%s' was ever observed or saved (is the name "
			   "right? it must match impchaos_observe() or a top-level saved field)",
			   k->name);
	c->unobserved = k->samples == 0;
}

static const struct check_ops counter_ops = {
	.name = "counter-monotonic",
	.usage = "counter-monotonic:NAME[/EPOCH]",
	.desc = "an observed or persisted counter never decreases (unless EPOCH moved forward; an EPOCH that goes back fails)",
	.needs_arg = 1,
	.init = counter_init,
	.event = counter_event,
	.finish = counter_finish,
	.release = counter_release,
};

/* ---- no-missing-handler ----
 *
 * No message is ever delivered to a side that has no handler for its name:
 * the platform drops it and logs "ERROR: no handler for device.send()". */

static void nohandler_event(struct check *c, struct check_event *ev)
{
	const char *to, *name;
	char at[32];

	if (ev->kind != EV_MSG_NOHANDLER)
		return;
	to = json_string_value(ev_get(ev, K_TO));
	name = json_string_value(ev_get(ev, K_NAME));
	to = to ? to : "?";
	check_fail(c, ev, "message '%s' reached the %s at %s with no handler registered for it "
		   "(ERROR: no handler for %s)", name ? name : "?", to, fmt_t(ev, at, sizeof(at)),
		   !strcmp(to, "device") ? "device.send()" : "agent.send()");
}

static const struct check_ops nohandler_ops = {
	.name = "no-missing-handler",
	.usage = "no-missing-handler",
	.desc = "no message is delivered to a side without a handler for its name",
	.event = nohandler_event,
};

/* ---- no-hang ----
 *
 * Every event a child is given finishes within the wall-clock watchdog.
 * Always checked: a hung target makes every other verdict meaningless. */

static void hang_event(struct check *c, struct check_event *ev)
{
	char at[32];

	if (ev->kind == EV_PROC_EXIT && !strcmp(ev_str(ev, K_HOW), "hung"))
		check_fail(c, ev, "the %s did not finish its event within the watchdog at %s",
			   json_string_value(ev_get(ev, K_PROC)) ?: "?", fmt_t(ev, at, sizeof(at)));
	else if (ev->kind == EV_RUN_TIMEOUT)
		check_fail(c, ev, "the run did not finish within its wall-clock budget of %gs "
			   "(--run-timeout): stopped at %s of simulated time",
			   json_number_value(json_object_get(ev->fields, "budget_s")),
			   fmt_t(ev, at, sizeof(at)));
}

static const struct check_ops hang_ops = {
	.name = "no-hang",
	.usage = "no-hang",
	.desc = "every event handed to a child finishes within the wall-clock watchdog, and the run within its budget",
	.event = hang_event,
};

/* ---- persist-roundtrip ----
 *
 * What server_load() returns is the last table server_save() reported as
 * saved (an empty table before any), never a torn, empty or older one. A
 * save the agent did not live to see finish (the process died inside it)
 * may or may not have landed: the next load may return either table, and
 * whichever it returns is the store's content from then on. */

struct roundtrip {
	json_t *durable;   /* the table the store must hold */
	json_t *inflight;  /* a save announced and not yet finished */
	json_t *maybe;     /* a save interrupted by the agent's death */
};

static int roundtrip_init(struct check *c, const char *arg, char *err, size_t errlen)
{
	struct roundtrip *r = calloc(1, sizeof(*r));

	(void)arg;
	(void)err;
	(void)errlen;
	if (!r)
		return -ENOMEM;
	r->durable = json_object();
	c->state = r;
	return 0;
}

static void roundtrip_release(struct check *c)
{
	struct roundtrip *r = c->state;

	json_decref(r->durable);
	json_decref(r->inflight);
	json_decref(r->maybe);
	free(r);
}

static void replace(json_t **slot, json_t *value)
{
	json_decref(*slot);
	*slot = value ? json_deep_copy(value) : NULL;
}

static void roundtrip_event(struct check *c, struct check_event *ev)
{
	struct roundtrip *r = c->state;
	enum ev_kind kind = ev->kind;
	json_t *table;

	if (kind != EV_STORE_BEGIN && kind != EV_STORE_STALE && kind != EV_STORE_SAVE &&
	    kind != EV_PROC_EXIT && kind != EV_STORE_LOAD)
		return;
	table = ev_get(ev, K_TABLE);
	if (kind == EV_STORE_BEGIN) {
		replace(&r->inflight, table);
	} else if (kind == EV_STORE_STALE) {
		/* An injected stale load: the store now
		 * holds the table from before the last save, by the platform's
		 * doing, and that is what a load may return. */
		replace(&r->durable, table);
		replace(&r->maybe, NULL);
	} else if (kind == EV_STORE_SAVE) {
		if (json_integer_value(ev_get(ev, K_RC)) == 0 && json_is_object(table)) {
			replace(&r->durable, table);
			replace(&r->maybe, NULL);
		}
		replace(&r->inflight, NULL);
	} else if (kind == EV_PROC_EXIT) {
		const char *proc = json_string_value(ev_get(ev, K_PROC));

		if (proc && !strcmp(proc, "agent") && r->inflight) {
			replace(&r->maybe, r->inflight);
			replace(&r->inflight, NULL);
		}
	} else if (kind == EV_STORE_LOAD) {
		char at[32], *got, *want;

		if (json_equal(table, r->durable)) {
			replace(&r->maybe, NULL);
			return;
		}
		if (r->maybe && json_equal(table, r->maybe)) {
			replace(&r->durable, r->maybe);
			replace(&r->maybe, NULL);
			return;
		}
		got = json_dumps(table, JSON_COMPACT);
		want = json_dumps(r->durable, JSON_COMPACT);
		check_fail(c, ev, "server_load() at %s returned %.200s, but the last table saved was "
			   "%.200s", fmt_t(ev, at, sizeof(at)), got ? got : "?", want ? want : "?");
		free(got);
		free(want);
	}
}

static const struct check_ops roundtrip_ops = {
	.name = "persist-roundtrip",
	.usage = "persist-roundtrip",
	.desc = "server_load() returns the last table server_save() reported saved, never a torn one",
	.init = roundtrip_init,
	.event = roundtrip_event,
	.release = roundtrip_release,
};

/* ---- memcheck-clean ----
 *
 * Under --valgrind, no child ended with memcheck errors or definite leaks.
 * Each incarnation is judged at its exit, however it exits: the harness
 * reads the process's valgrind log then and puts the first error's kind
 * and top function in proc.exit's "memcheck" (errors are logged as they
 * happen, so one killed by SIGKILL keeps them; leaks are logged only at a
 * graceful exit). "memcheck": "errors" is valgrind's error exit status
 * with nothing readable in the log. */

static void memcheck_event(struct check *c, struct check_event *ev)
{
	const json_t *m;
	const char *proc;
	char at[32];

	if (ev->kind != EV_PROC_EXIT || !(m = json_object_get(ev->fields, "memcheck")))
		return;
	proc = json_string_value(ev_get(ev, K_PROC)) ?: "?";
	if (json_is_object(m))
		check_fail(c, ev, "memcheck: %.120s in %.120s(), in the %s (incarnation %lld) "
			   "ending at %s (%s): see valgrind.%s.*.log in the run directory",
			   json_string_value(json_object_get(m, "kind")) ?: "?",
			   json_string_value(json_object_get(m, "at")) ?: "?", proc,
			   (long long)json_integer_value(ev_get(ev, K_INC)),
			   fmt_t(ev, at, sizeof(at)), json_string_value(ev_get(ev, K_HOW)) ?: "?", proc);
	else
		check_fail(c, ev, "valgrind found memory errors or leaks in the %s (incarnation "
			   "%lld) ending at %s: see valgrind.%s.*.log in the run directory", proc,
			   (long long)json_integer_value(ev_get(ev, K_INC)),
			   fmt_t(ev, at, sizeof(at)), proc);
}

static const struct check_ops memcheck_ops = {
	.name = "memcheck-clean",
	.usage = "memcheck-clean",
	.desc = "with --valgrind, no child ends with memcheck errors or definite leaks",
	.event = memcheck_event,
};

/* ---- liveness:MSG,GAP[,GRACE] ----
 *
 * While the device is connected it receives MSG at least every GAP of
 * simulated time (the forecast display that froze after a migration). Any
 * disturbance (a fault, a process start or exit, a link change) opens a
 * grace period (GRACE, by default GAP) in which the flow may recover: the
 * deadline for the next MSG is the later of the last one plus GAP and the
 * last disturbance plus GRACE. A violation is reported at the first event
 * past the deadline, or at the end of the run. A MSG the device had no
 * handler for (msg.nohandler right after its msg.deliver) was not received. */

struct liveness {
	char *msg;
	int64_t gap, grace;
	int connected;
	int64_t last_recv, last_disturb;
	int64_t prev_recv;          /* last_recv before the latest delivery */
	json_int_t last_id;         /* message id of the latest delivery */
};

static int liveness_init(struct check *c, const char *arg, char *err, size_t errlen)
{
	struct liveness *l = calloc(1, sizeof(*l));
	char *copy = strdup(arg), *gap, *grace;

	if (!l || !copy) {
		free(l);
		free(copy);
		return -ENOMEM;
	}
	gap = strchr(copy, ',');
	if (gap)
		*gap++ = '\0';
	grace = gap ? strchr(gap, ',') : NULL;
	if (grace)
		*grace++ = '\0';
	if (!copy[0] || !gap || duration_parse(gap, &l->gap) < 0 || l->gap <= 0 ||
	    (grace && (duration_parse(grace, &l->grace) < 0 || l->grace < 0))) {
		snprintf(err, errlen, "invariant 'liveness:%s': expected liveness:MSG,GAP[,GRACE] "
			 "with durations, e.g. liveness:temps,31m", arg);
		free(copy);
		free(l);
		return -EINVAL;
	}
	if (!grace)
		l->grace = l->gap;
	l->msg = copy;
	c->state = l;
	return 0;
}

static void liveness_release(struct check *c)
{
	struct liveness *l = c->state;

	free(l->msg);
	free(l);
}

static void liveness_due(struct check *c, const struct check_event *ev, int64_t t)
{
	struct liveness *l = c->state;
	int64_t due = l->last_recv + l->gap;
	char last[32], at[32], gap[32], dues[32];

	if (l->last_disturb + l->grace > due)
		due = l->last_disturb + l->grace;
	if (!l->connected || t <= due)
		return;
	duration_clock(l->last_recv, last, sizeof(last));
	duration_clock(due, dues, sizeof(dues));
	duration_clock(t, at, sizeof(at));
	duration_format(l->gap, gap, sizeof(gap));
	check_fail(c, ev, "the connected device got no '%s' for more than %s: the last one came "
		   "at %s, the next was due by %s (grace after the last fault or restart "
		   "included), and none had come when the trace next moved, at %s",
		   l->msg, gap, last, dues, at);
}

static void liveness_event(struct check *c, struct check_event *ev)
{
	struct liveness *l = c->state;
	enum ev_kind kind = ev->kind;
	int64_t t = ev->t;

	liveness_due(c, ev, t);
	if (c->failed)
		return;
	if (kind == EV_MSG_DELIVER) {
		const char *to = json_string_value(ev_get(ev, K_TO));
		const char *name = json_string_value(ev_get(ev, K_NAME));

		if (to && name && !strcmp(to, "device") && !strcmp(name, l->msg)) {
			l->prev_recv = l->last_recv;
			l->last_recv = t;
			l->last_id = json_integer_value(json_object_get(ev->fields, "id"));
		}
	} else if (kind == EV_MSG_NOHANDLER) {
		const char *to = json_string_value(ev_get(ev, K_TO));

		if (to && !strcmp(to, "device") && l->last_id &&
		    json_integer_value(json_object_get(ev->fields, "id")) == l->last_id) {
			l->last_recv = l->prev_recv;
			l->last_id = 0;
		}
	} else if (kind == EV_LINK_UP || kind == EV_LINK_DOWN || kind == EV_FAULT ||
		   !strncmp(ev->ev, "proc.", 5)) {
		if (kind == EV_LINK_UP)
			l->connected = 1;
		else if (kind == EV_LINK_DOWN)
			l->connected = 0;
		l->last_disturb = t;
	}
}

static const struct check_ops liveness_ops = {
	.name = "liveness",
	.usage = "liveness:MSG,GAP[,GRACE]",
	.desc = "a connected device receives MSG at least every GAP, GRACE after each disturbance",
	.needs_arg = 1,
	.init = liveness_init,
	.event = liveness_event,
	.release = liveness_release,
};

/* ---- no-target-error ----
 *
 * Target code never reported an error: no server_error() line, and no misuse
 * of the API that the host reported for it. The platform's own lines (the
 * "no handler" error) are no-missing-handler's business. */

static void target_error_event(struct check *c, struct check_event *ev)
{
	const char *level, *text;
	char at[32];

	if (ev->kind != EV_LOG || json_object_get(ev->fields, "source"))
		return;
	level = json_string_value(json_object_get(ev->fields, "level"));
	text = json_string_value(json_object_get(ev->fields, "text"));
	if (level && !strcmp(level, "error"))
		check_fail(c, ev, "the %s's code reported an error at %s: %.300s",
			   json_string_value(ev_get(ev, K_PROC)) ?: "?",
			   fmt_t(ev, at, sizeof(at)), text ? text : "");
}

static const struct check_ops target_error_ops = {
	.name = "no-target-error",
	.usage = "no-target-error",
	.desc = "target code never reports an error (server_error, API misuse)",
	.event = target_error_event,
};

/* ---- no-target-crash ----
 *
 * No child died of target code on its own: a signal or a non-zero exit
 * that the cloud did not cause (proc.exit how "crashed"). Crashes a fault
 * caused are not counted: the harness's kills (agent/crash, power cycles)
 * and out-of-memory exits have other "how"s, and an incarnation in which a
 * fault point fired may crash of it. Memcheck's exit is memcheck-clean's
 * business. Always checked, like no-hang: a run whose code segfaults must
 * not pass. */

struct crash_state {
	json_t *fired;     /* {"agent:3": true, ...}: incarnations a point fired in */
};

static int crash_init(struct check *c, const char *arg, char *err, size_t errlen)
{
	struct crash_state *st = calloc(1, sizeof(*st));

	(void)arg;
	(void)err;
	(void)errlen;
	if (!st)
		return -ENOMEM;
	st->fired = json_object();
	c->state = st;
	return 0;
}

static void crash_key(struct check_event *ev, char *key, size_t len)
{
	snprintf(key, len, "%s:%lld", json_string_value(ev_get(ev, K_PROC)) ?: "?",
		 (long long)json_integer_value(ev_get(ev, K_INC)));
}

static void crash_event(struct check *c, struct check_event *ev)
{
	struct crash_state *st = c->state;
	const char *sig, *proc;
	json_t *status;
	char key[64], at[32];

	if (ev->kind == EV_FAULT_FIRE || ev->kind == EV_FAULT_FIRE_LOST) {
		crash_key(ev, key, sizeof(key));
		json_object_set_new(st->fired, key, json_true());
		return;
	}
	if (ev->kind != EV_PROC_EXIT || strcmp(ev_str(ev, K_HOW), "crashed") ||
	    (json_object_get(ev->fields, "memcheck") && !json_object_get(ev->fields, "signal")))
		return;
	crash_key(ev, key, sizeof(key));
	if (json_object_get(st->fired, key))
		return;
	sig = json_string_value(json_object_get(ev->fields, "signal"));
	status = json_object_get(ev->fields, "status");
	if (!sig && !json_is_integer(status))
		return;
	proc = json_string_value(ev_get(ev, K_PROC)) ?: "?";
	if (sig)
		check_fail(c, ev, "the %s (incarnation %lld) crashed with SIG%s at %s, and no fault "
			   "was injected there (see %s.log in the run directory)", proc,
			   (long long)json_integer_value(ev_get(ev, K_INC)), sig,
			   fmt_t(ev, at, sizeof(at)), proc);
	else
		check_fail(c, ev, "the %s (incarnation %lld) exited with status %lld at %s, and no "
			   "fault was injected there (see %s.log in the run directory)", proc,
			   (long long)json_integer_value(ev_get(ev, K_INC)),
			   (long long)json_integer_value(status), fmt_t(ev, at, sizeof(at)), proc);
}

static void crash_release(struct check *c)
{
	struct crash_state *st = c->state;

	if (!st)
		return;
	json_decref(st->fired);
	free(st);
}

static const struct check_ops crash_ops = {
	.name = "no-target-crash",
	.usage = "no-target-crash",
	.desc = "no child dies of its own code (a signal or a failed exit no fault caused)",
	.init = crash_init,
	.event = crash_event,
	.release = crash_release,
};

const struct check_ops *const check_ops_table[] = {
	&counter_ops,
	&check_exact_ops,
	&nohandler_ops,
	&hang_ops,
	&crash_ops,
	&roundtrip_ops,
	&memcheck_ops,
	&liveness_ops,
	&target_error_ops,
	&check_single_agent_ops,
	&http_ryw_ops,
	&http_answered_ops,
	&check_crash_loop_ops,
	&check_no_oom_ops,
	NULL,
};
