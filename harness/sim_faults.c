/*
 * sim_faults.c - injecting the schedule's faults into the cloud model:
 * restarts, crashes, migrations (with the messages they catch in flight),
 * power cycles, disconnects, and windows of per-opportunity faults. Point
 * faults are handed to sim_points.c, stale duplicate agents to sim_dup.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"

static struct prng fault_prng(struct sim *s, const struct sched_entry *e, uint64_t occurrence)
{
	char stream[256];
	struct prng p;

	/* Named for the fault and when it strikes, so adding or removing other
	 * faults does not change this one's random choices. */
	snprintf(stream, sizeof(stream), "fault/%s/%lld/%llu", e->fault, (long long)e->t_us,
		 (unsigned long long)occurrence);
	prng_init(&p, s->sc->seed, stream);
	return p;
}


/* One opportunity of a cloud fault's window: it strikes with probability p
 * (a stream of the seed and the window), and the next opportunity is a
 * simulated minute later while the window lasts. 1 when it strikes now. */
#define WINDOW_TICK (60 * SEC)
static int window_tick(struct sim *s, struct sev *ev, const struct sched_entry *e)
{
	char stream[256];
	struct prng p;

	snprintf(stream, sizeof(stream), "window/%s/%lld/%llu", e->fault, (long long)e->t_us,
		 (unsigned long long)ev->occurrence);
	prng_init(&p, s->sc->seed, stream);
	if (s->now + WINDOW_TICK < e->to_us) {
		struct sev *next = sim_sev_new(SEV_FAULT, AGENT, 0);

		next->fault = ev->fault;
		next->occurrence = ev->occurrence + 1;
		sim_at(s, s->now + WINDOW_TICK, next);
	}
	return prng_unit(&p) < e->p;
}

static int sev_before(const struct sev *a, const struct sev *b)
{
	return a->h.t < b->h.t || (a->h.t == b->h.t && a->h.seq < b->h.seq);
}

/* A migration with messages on their way to the agent (PLATFORM.md: their
 * fate is undocumented, so it is a parameter, or a seeded choice): drop
 * them, or hold them for the new instance, to be delivered as soon as its
 * code has run ("early": before any handler it registers later) or once it
 * has been up a moment ("late"). */
static void hold_inflight(struct sim *s, const struct sched_entry *e, struct prng *p)
{
	static const char *const modes[] = { "drop", "early", "late" };
	const char *mode = schedule_param(e, "inflight");
	struct sev *list[4096], **pp;
	size_t i, n = 0;

	if (!mode)
		mode = modes[prng_below(p, 3)];
	for (i = 0; i < s->heap.n && n < 4096; i++) {
		struct sev *m = (struct sev *)s->heap.v[i];

		if (m->kind == SEV_DELIVER && m->side == AGENT)
			list[n++] = m;
	}
	for (i = 0; i < n; i++) {
		heap_remove(&s->heap, &list[i]->h);
		sim_emit(s, !strcmp(mode, "drop") ? "msg.drop" : "msg.held",
		     json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)list[i]->id, "name",
			       list[i]->name, "to", "agent", !strcmp(mode, "drop") ? "why" : "until",
			       !strcmp(mode, "drop") ? "migration" : mode));
		if (!strcmp(mode, "drop")) {
			sim_sev_free(list[i]);
			continue;
		}
		/* Kept in arrival order. */
		for (pp = &s->held; *pp && sev_before(*pp, list[i]); pp = &(*pp)->tnext)
			;
		list[i]->tnext = *pp;
		*pp = list[i];
	}
	s->held_early = !strcmp(mode, "early");
}

/* The new instance is up: hand it what the migration held. */
void sim_release_held(struct sim *s)
{
	int64_t t = s->now + (s->held_early ? 0 : prng_range(&s->latency, 1 * SEC, 5 * SEC));

	while (s->held) {
		struct sev *m = s->held;

		s->held = m->tnext;
		m->tnext = NULL;
		if (s->held_early) {
			sim_deliver(s, m);
			sim_sev_free(m);
		} else {
			if (t < s->last_arrival[AGENT])
				t = s->last_arrival[AGENT];
			s->last_arrival[AGENT] = t;
			sim_at(s, t, m);
		}
	}
}

void sim_inject(struct sim *s, struct sev *ev)
{
	const struct sched_entry *e = &s->sc->faults->v[ev->fault];
	const struct fault_info *info = fault_find(e->fault);
	struct prng p = fault_prng(s, e, ev->occurrence);
	json_t *params = json_object();
	const char *skip = NULL;
	size_t i;

	if (e->kind == SCHED_WINDOW && !info->point && !window_tick(s, ev, e)) {
		json_decref(params);
		return;
	}
	for (i = 0; i < e->nparams; i++)
		json_object_set_new(params, e->params[i].key, json_string(e->params[i].value));
	sim_emit(s, "fault", json_pack("{s:s, s:o, s:i}", "name", e->fault, "params", params, "line",
				   e->line));
	if (e->kind == SCHED_WINDOW && info->point && e->to_us != SCHED_UNTIL_END) {
		struct sev *close = sim_sev_new(SEV_DISARM, AGENT, 0);

		close->fault = ev->fault;
		sim_at(s, e->to_us, close);
	}
	if (e->kind == SCHED_EVERY) {
		struct sev *next = sim_sev_new(SEV_FAULT, AGENT, 0);

		next->fault = ev->fault;
		next->occurrence = ev->occurrence + 1;
		sim_at(s, s->now + e->t_us, next);
	}
	switch (info->id) {
	case FAULT_AGENT_RESTART:
		if (!s->s[AGENT].proc) {
			skip = "the agent is not running";
			break;
		}
		sim_stop_side(s, AGENT, 1, "stopped");
		sim_at(s, s->now + fault_param_us(e, "outage", prng_range(&p, 500 * MS, 5 * SEC)),
		   sim_sev_new(SEV_AGENT_START, AGENT, 0));
		break;
	case FAULT_AGENT_CRASH:
		if (!s->s[AGENT].proc) {
			skip = "the agent is not running";
			break;
		}
		sim_stop_side(s, AGENT, 0, "killed");
		sim_at(s, s->now + fault_param_us(e, "restart_after", prng_range(&p, 1 * SEC, 5 * SEC)),
		   sim_sev_new(SEV_AGENT_START, AGENT, 0));
		break;
	case FAULT_DEVICE_POWER_CYCLE:
		if (!s->s[DEVICE].proc) {
			skip = "the device is already off";
			break;
		}
		sim_stop_side(s, DEVICE, 0, "power-off");
		sim_link_set(s, 0);
		sim_at(s, s->now + fault_param_us(e, "off", prng_range(&p, 5 * SEC, 60 * SEC)),
		   sim_sev_new(SEV_POWER_ON, DEVICE, 0));
		break;
	case FAULT_POINT:
		sim_arm(s, e, info);
		break;
	case FAULT_AGENT_MIGRATE:
		if (!s->s[AGENT].proc) {
			skip = "the agent is not running";
			break;
		}
		hold_inflight(s, e, &p);
		sim_stop_side(s, AGENT, 1, "migrated");
		/* Another server than the one it leaves. */
		s->server = (s->server + 1 + (int)prng_below(&s->servers, NSERVERS - 1)) % NSERVERS;
		sim_at(s, s->now + fault_param_us(e, "outage", prng_range(&p, 0, 5 * SEC)),
		   sim_sev_new(SEV_AGENT_START, AGENT, 0));
		break;
	case FAULT_AGENT_DUPLICATE:
		/* A migration gone wrong: in-flight messages fare as in one, and
		 * the old instance stays up (sim_dup.c). */
		if ((skip = sim_dup_skip(s)))
			break;
		hold_inflight(s, e, &p);
		sim_dup_start(s, e, &p);
		break;
	case FAULT_DEVICE_DISCONNECT:
		s->cuts++;
		sim_link_set(s, 0);
		sim_at(s, s->now + fault_param_us(e, "for", 60 * SEC), sim_sev_new(SEV_LINK_RESTORE, DEVICE, 0));
		break;
	}
	/* A cloud fault fires when it acts; a point fires later, if its call
	 * comes (fault.fire). */
	if (skip)
		sim_emit(s, "fault.skip", json_pack("{s:s, s:s}", "name", e->fault, "why", skip));
	else if (!info->point)
		sim_cover(s, "faults", e->fault, "fired");
}
