/*
 * sim_faults.c - injecting the schedule's faults into the cloud model:
 * restarts, crashes, migrations (with the messages they catch in flight),
 * power cycles, disconnects, and windows of per-opportunity faults. Point
 * faults are handed to sim_points.c, stale duplicate agents to sim_dup.c,
 * the http/out faults to sim_httpout.c.
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

/* A migration with messages on their way to the agent (the platform: their
 * fate is undocumented, so it is a parameter, or a seeded choice): drop
 * them, or hold them for the new instance, to be delivered as soon as its
 * code has run ("early": before any handler it registers later) or once it
 * has been up a moment ("late"). */
static void hold_inflight(struct sim *s, const char *mode, struct prng *p)
{
	static const char *const modes[] = { "drop", "early", "late" };
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

/* Moves the agent to server `to`: in-flight messages to it are dropped or
 * held (mode, NULL for a seeded choice), the instance stops, and a new one
 * starts there after the outage. A device online at the time moves with
 * it; an offline one does not know (see sim_follow_device). */
static void migrate(struct sim *s, int to, const char *mode, int64_t outage, struct prng *p,
		    const char *why, int carry_device)
{
	sim_emit(s, "agent.move", json_pack("{s:s, s:s, s:s}", "from", server_name[s->server], "to",
				       server_name[to], "why", why));
	hold_inflight(s, mode, p);
	sim_stop_side(s, AGENT, 1, "migrated");
	s->server = to;
	if (carry_device && s->link)
		s->dev_server = to;
	sim_at(s, s->now + outage, sim_sev_new(SEV_AGENT_START, AGENT, 0));
}

static int other_server(struct sim *s)
{
	return (s->server + 1 + (int)prng_below(&s->servers, NSERVERS - 1)) % NSERVERS;
}

/* the double move: the device comes back on the server it left,
 * and its agent, moved meanwhile, follows it there. */
void sim_follow_device(struct sim *s)
{
	struct prng p;
	char stream[64];

	if (!s->s[AGENT].proc) {
		/* Between instances: the next one simply starts there. */
		s->server = s->dev_server;
		return;
	}
	snprintf(stream, sizeof(stream), "cloud/follow/%llu", (unsigned long long)s->link_gen);
	prng_init(&p, s->sc->seed, stream);
	migrate(s, s->dev_server, NULL, prng_range(&p, 0, 5 * SEC), &p, "follow-device", 1);
}

/* The redirect's second half: the device is told to reconnect to the
 * server its agent moved to. */
void sim_redirect_event(struct sim *s, struct sev *e)
{
	s->redirect_to = (int)e->id;
	if (s->link) {
		sim_link_down(s, 0, 0);
		sim_link_schedule_connect(s, 200 * MS, 2 * SEC);
	}
}

/* A reconnect storm: count drops of 1s-20s spread over `over`, each in its
 * own slot so that they never overlap. */
static void storm(struct sim *s, const struct sched_entry *e, struct prng *p)
{
	long long count = fault_param_int(e, "count", prng_range(p, 3, 10));
	int64_t over = fault_param_us(e, "over", 10 * 60 * SEC), slot = over / count;
	long long i;

	for (i = 0; i < count; i++) {
		struct sev *cut = sim_sev_new(SEV_CUT, DEVICE, 0);
		int64_t len = prng_range(p, 1 * SEC, 20 * SEC);

		if (len > slot / 2)
			len = slot / 2 > 0 ? slot / 2 : 1;
		cut->id = (uint64_t)len;
		sim_at(s, s->now + i * slot + prng_range(p, 0, slot - len), cut);
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

	if (e->kind == SCHED_WINDOW && !fault_per_call(info) && !window_tick(s, ev, e)) {
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
		if (!s->s[DEVICE].proc && s->wakereason == WAKEREASON_TIMER) {
			/* Asleep: losing power empties nv; it wakes as planned, but
			 * from a power-on. */
			json_decref(s->nv);
			s->nv = NULL;
			s->wakereason = WAKEREASON_POWER_ON;
			break;
		}
		if (!s->s[DEVICE].proc) {
			skip = "the device is already off";
			break;
		}
		sim_stop_side(s, DEVICE, 0, "power-off");
		sim_link_down(s, 1, -1);
		json_decref(s->nv);
		s->nv = NULL;
		s->wakereason = WAKEREASON_POWER_ON;
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
		migrate(s, other_server(s), schedule_param(e, "inflight"),
			fault_param_us(e, "outage", prng_range(&p, 0, 5 * SEC)), &p, "load-balancing", 1);
		break;
	case FAULT_AGENT_DUPLICATE:
		/* A migration gone wrong: in-flight messages fare as in one, and
		 * the old instance stays up (sim_dup.c). */
		if ((skip = sim_dup_skip(s)))
			break;
		hold_inflight(s, schedule_param(e, "inflight"), &p);
		sim_dup_start(s, e, &p);
		break;
	case FAULT_DEVICE_DISCONNECT:
		sim_link_cut(s, fault_param_us(e, "for", 60 * SEC), fault_param_us(e, "detect", -1));
		break;
	case FAULT_DEPLOY_CODE:
		sim_deploy(s, e, &p);
		break;
	case FAULT_DEVICE_REDIRECT: {
		struct sev *r;
		int to;

		if (!s->s[AGENT].proc) {
			skip = "the agent is not running";
			break;
		}
		to = other_server(s);
		/* The device hears of it a moment later: what it sends meanwhile
		 * races the move. */
		r = sim_sev_new(SEV_REDIRECT, DEVICE, 0);
		r->id = (uint64_t)to;
		sim_at(s, s->now + fault_param_us(e, "notice", prng_range(&p, 0, 2 * SEC)), r);
		migrate(s, to, schedule_param(e, "inflight"),
			fault_param_us(e, "outage", prng_range(&p, 0, 5 * SEC)), &p, "redirect", 0);
		break;
	}
	case FAULT_STORAGE_STALE_LOAD:
		if (!s->s[AGENT].proc) {
			skip = "the agent is not running";
			break;
		}
		if (!s->saved[1]) {
			skip = "the agent has not saved twice yet";
			break;
		}
		migrate(s, other_server(s), NULL, fault_param_us(e, "outage", prng_range(&p, 0, 5 * SEC)),
			&p, "load-balancing", 1);
		/* The new server sees the table from before the last save. */
		if (json_dump_file(s->saved[1], s->store, JSON_COMPACT) < 0) {
			sim_fail(s, -EIO, "cannot write the store '%s' for storage/stale-load", s->store);
			break;
		}
		sim_emit(s, "store.stale", json_pack("{s:O}", "table", s->saved[1]));
		/* Another stale load needs two more saves. */
		json_decref(s->saved[0]);
		s->saved[0] = s->saved[1];
		s->saved[1] = NULL;
		break;
	case FAULT_DEVICE_RECONNECT_STORM:
		storm(s, e, &p);
		break;
	case FAULT_HTTP_OUT_ERROR:
	case FAULT_HTTP_OUT_SLOW:
	case FAULT_HTTP_OUT_5XX:
		skip = sim_httpout_arm(s, e, info, &p);
		break;
	case FAULT_DEVICE_SLOW_BOOT:
		if (!s->s[DEVICE].proc) {
			skip = "the device is off";
			break;
		}
		sim_stop_side(s, DEVICE, 1, "restart");
		sim_link_down(s, 0, 0);
		json_decref(s->nv);
		s->nv = NULL;
		s->wakereason = WAKEREASON_SW_RESET;
		s->boot_delay = fault_param_us(e, "delay", prng_range(&p, 10 * SEC, 60 * SEC));
		sim_at(s, s->now + prng_range(&p, 1 * SEC, 3 * SEC), sim_sev_new(SEV_POWER_ON, DEVICE, 0));
		break;
	}
	/* A cloud fault fires when it acts; a point or an http/out fault fires
	 * later, if its call comes (fault.fire). */
	if (skip)
		sim_emit(s, "fault.skip", json_pack("{s:s, s:s}", "name", e->fault, "why", skip));
	else if (!fault_per_call(info))
		sim_cover(s, "faults", e->fault, "fired");
}
