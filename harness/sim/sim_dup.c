/*
 * sim_dup.c - agent/duplicate: a migration that goes wrong and leaves the
 * old agent instance running beside the new one (the platform: "one agent
 * per device" is a property worth checking, not an axiom; a platform bug
 * once stopped live agents instead of stale duplicates). Harness side;
 * sim_faults.c injects the fault, sim.c hands SEV_DUP_END here.
 *
 * DESIGN
 * ------
 * The stale instance is the process that was live: it is not re-created.
 * It moves from the AGENT slot to the AGENT_STALE slot with its incarnation
 * number, and its pending timers move with it (timers are keyed by slot and
 * incarnation). From then on the simulation treats it as any process: its
 * timers fire, it is told of link changes (sim_link.c), its sends reach the
 * device and its saves write the one store (sim_effect.c), and its events
 * carry its own incarnation. The cloud routes the device's messages to the
 * AGENT slot only, and nobody restarts the stale instance if it dies. A new
 * instance starts in the AGENT slot on another server after the outage, as
 * in a migration. 'for' later the cloud notices the duplicate and stops one
 * of the two:
 *
 *   LIVE(k) --[sim_dup_start]--> STALE(k) beside LIVE(k+1, started after
 *                                the outage by SEV_AGENT_START)
 *   STALE(k) --[SEV_DUP_END stop=stale: sim_dup_end]--> stopped
 *   STALE(k) --[SEV_DUP_END stop=new: sim_dup_end]--> LIVE(k) on its old
 *              server, the instance in the AGENT slot stopped
 *   STALE(k) --[dies on its own]--> gone; SEV_DUP_END then does nothing
 *
 * Invariants: at most one stale instance (a second agent/duplicate while
 * one lives is skipped); agent incarnation numbers stay unique across the
 * two slots (after stop=new the AGENT_STALE slot keeps the newest number
 * and sim_spawn() continues after it); in a run without the fault the
 * AGENT_STALE slot stays empty and nothing else changes.
 */
#include <stdio.h>
#include <string.h>

#include "sim_int.h"

const char *sim_dup_skip(struct sim *s)
{
	if (!s->s[AGENT].proc)
		return "the agent is not running";
	if (s->s[AGENT_STALE].proc)
		return "a stale duplicate is already running";
	return NULL;
}

/* Moves the process of one agent slot, with its incarnation and pending
 * timers, into the other (empty) slot. `from` keeps its incarnation
 * number, which sim_spawn() counts on. */
static void move_agent(struct sim *s, enum side from, enum side to)
{
	struct side_state *a = &s->s[from], *b = &s->s[to];
	struct sev *t;

	for (t = s->timers; t; t = t->tnext)
		if (t->side == from && t->inc == a->inc)
			t->side = to;
	b->proc = a->proc;
	b->inc = a->inc;
	b->booted = a->booted;
	b->exit_reason = a->exit_reason;
	a->proc = NULL;
	a->booted = 0;
	a->exit_reason = NULL;
}

void sim_dup_start(struct sim *s, const struct sched_entry *e, struct prng *p)
{
	const char *stop = schedule_param(e, "stop");
	int64_t outage = fault_param_us(e, "outage", prng_range(p, 0, 5 * SEC));
	int64_t lasts = fault_param_us(e, "for", prng_range(p, 60 * SEC, 600 * SEC));
	struct sev *end;
	json_t *f;

	if (!stop)
		stop = "stale";
	move_agent(s, AGENT, AGENT_STALE);
	s->stale_server = s->server;
	/* The new instance runs on another server than the one it leaves. */
	s->server = (s->server + 1 + (int)prng_below(&s->servers, NSERVERS - 1)) % NSERVERS;
	/* An online device goes where its (new) agent goes, as in a migration. */
	if (s->link)
		s->dev_server = s->server;
	f = sim_ids(s, AGENT_STALE);
	json_object_set_new(f, "server", json_string(server_name[s->stale_server]));
	json_object_set_new(f, "until", json_integer(s->now + outage + lasts));
	json_object_set_new(f, "stop", json_string(stop));
	sim_emit(s, "agent.stale", f);
	sim_at(s, s->now + outage, sim_sev_new(SEV_AGENT_START, AGENT, 0));
	end = sim_sev_new(SEV_DUP_END, AGENT_STALE, s->s[AGENT_STALE].inc);
	end->id = !strcmp(stop, "new");
	sim_at(s, s->now + outage + lasts, end);
}

/* {"stop": inc, "keep": inc, "server": the kept one's}; an incarnation is
 * null when its slot has no process. */
static void emit_dedup(struct sim *s, enum side stop, enum side keep, int keep_server)
{
	json_t *f = json_object();

	json_object_set_new(f, "stop", s->s[stop].proc ? json_integer(s->s[stop].inc) : json_null());
	json_object_set_new(f, "keep", s->s[keep].proc ? json_integer(s->s[keep].inc) : json_null());
	json_object_set_new(f, "server", json_string(server_name[keep_server]));
	sim_emit(s, "agent.dedup", f);
}

/* The cloud notices the duplicate (e->inc is the stale instance, e->id is 1
 * for stop=new). */
void sim_dup_end(struct sim *s, struct sev *e)
{
	struct side_state *stale = &s->s[AGENT_STALE];
	int newest;

	if (!stale->proc || stale->inc != e->inc)
		return;
	if (!e->id) {
		emit_dedup(s, AGENT_STALE, AGENT, s->server);
		sim_stop_side(s, AGENT_STALE, 1, "duplicate-stopped");
		return;
	}
	/* The platform bug's other face: the live instance goes, and the
	 * stale one is the device's agent again, on its old server, with
	 * whatever it has in memory. */
	emit_dedup(s, AGENT, AGENT_STALE, s->stale_server);
	sim_stop_side(s, AGENT, 1, "duplicate-stopped");
	newest = s->s[AGENT].inc;
	move_agent(s, AGENT_STALE, AGENT);
	s->s[AGENT_STALE].inc = newest;
	s->server = s->stale_server;
	if (s->link)
		s->dev_server = s->server;
	/* Messages a migration held for a new instance go to this one. */
	sim_release_held(s);
}
