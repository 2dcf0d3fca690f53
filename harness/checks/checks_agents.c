/*
 * checks_agents.c - invariants about the agent instances of a device, fed
 * trace events by check.c like the checkers in checks.c. Harness side.
 *
 * ---- single-agent ----
 *
 * A device never has two live agent instances at once (the platform: "one
 * agent per device" is a property worth checking, not an axiom). An agent
 * instance is live from its proc.start to its proc.exit; every agent
 * process of the run belongs to the run's one device. A restart, crash or
 * migration stops the old instance before the new one starts, so the
 * invariant holds through them; agent/duplicate breaks it on purpose. The
 * violation is the proc.start of the second instance: the moment the
 * device had two.
 *
 * It reads only proc.start and proc.exit, never the fault that caused a
 * duplicate, so it catches a cloud model that leaves an agent running by
 * mistake as well. run.c adds it to every run, as it does no-hang.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "core/duration.h"

/* A live agent instance. */
struct instance {
	long long inc;
	char server[32];         /* "" when its start did not say */
	int64_t since;
};

struct agents {
	struct instance *v;
	size_t n, cap;
};

static int single_init(struct check *c, const char *arg, char *err, size_t errlen)
{
	(void)arg;
	(void)err;
	(void)errlen;
	c->state = calloc(1, sizeof(struct agents));
	return c->state ? 0 : -ENOMEM;
}

static void single_release(struct check *c)
{
	struct agents *a = c->state;

	free(a->v);
	free(a);
}

static const char *str_of(const json_t *ev, const char *key)
{
	const char *v = json_string_value(json_object_get(ev, key));

	return v ? v : "";
}

static void single_event(struct check *c, struct check_event *ev)
{
	struct agents *a = c->state;
	long long inc;
	int64_t t = ev->t;
	size_t i;

	/* Only proc.start and proc.exit of an agent matter. */
	if ((ev->kind != EV_PROC_START && ev->kind != EV_PROC_EXIT) ||
	    strcmp(ev_str(ev, K_PROC), "agent"))
		return;
	inc = json_integer_value(ev_get(ev, K_INC));
	if (ev->kind == EV_PROC_EXIT) {
		for (i = 0; i < a->n; i++)
			if (a->v[i].inc == inc) {
				a->v[i] = a->v[--a->n];
				break;
			}
		return;
	}
	if (a->n > 0) {
		const struct instance *old = &a->v[0];
		char at[32], since[32];

		for (i = 1; i < a->n; i++)
			if (a->v[i].since < old->since)
				old = &a->v[i];
		duration_clock(t, at, sizeof(at));
		duration_clock(old->since, since, sizeof(since));
		check_fail(c, ev, "agent incarnation %lld started%s%s at %s while incarnation %lld "
			   "(started%s%s at %s) was still running: the device had two live agents",
			   inc, str_of(ev->fields, "server")[0] ? " on " : "", str_of(ev->fields, "server"), at,
			   old->inc, old->server[0] ? " on " : "", old->server, since);
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 4;
		struct instance *v = realloc(a->v, cap * sizeof(*v));

		if (!v)
			return;         /* untracked: the check may miss a duplicate, never invent one */
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n].inc = inc;
	a->v[a->n].since = t;
	snprintf(a->v[a->n].server, sizeof(a->v[a->n].server), "%s", str_of(ev->fields, "server"));
	a->n++;
}

const struct check_ops check_single_agent_ops = {
	.name = "single-agent",
	.usage = "single-agent",
	.desc = "a device never has two live agent instances at once (always checked)",
	.init = single_init,
	.event = single_event,
	.release = single_release,
};
