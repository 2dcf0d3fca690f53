/*
 * sim.c - the simulated cloud: one run of a scenario (see sim.h).
 *
 * DESIGN
 * The harness owns the only clock. Everything that will happen is an event
 * in a heap ordered by (time, sequence). The loop pops one event, hands it to
 * one child (or acts on the cloud model), and waits for that child to report
 * the effects of its handler and "done" before popping the next. Effects are
 * turned into future events (a sent message becomes a delivery after a
 * seeded latency; imp_wakeup becomes a timer event). Every random choice
 * comes from a PRNG stream named for what it decides, so a run is a pure
 * function of (build, scenario, seed), and so is its trace.
 *
 * Device life cycle (per incarnation):
 *   OFF --[SEV_POWER_ON: spawn]--> POWERED --[SEV_CONNECT: link up]-->
 *   CONNECTED --[SEV_BOOT: device_main()]--> RUNNING
 *   any --[power-cycle fault: SIGKILL, link down]--> OFF
 *   any --[process died: crash, restart]--> OFF, then SEV_POWER_ON again
 * Agent life cycle:
 *   DOWN --[SEV_AGENT_START: spawn, agent_main()]--> UP
 *   UP --[restart fault: stop | crash fault: SIGKILL | died]--> DOWN, and
 *   the cloud schedules SEV_AGENT_START again
 * Link: up while the device is powered, has connected, and no disconnect
 * fault is active. Both sides are told of every change.
 */
#include "sim.h"
#include "sim_int.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "catalog.h"
#include "check.h"
#include "duration.h"
#include "heap.h"
#include "prng.h"
#include "proc.h"

const char *const side_name[2] = { "agent", "device" };
const char *const server_name[NSERVERS] = { "imp01", "imp02", "imp03", "imp04" };

void sim_fail(struct sim *s, int rc, const char *fmt, ...)
{
	va_list ap;

	if (s->rc)
		return;
	s->rc = rc;
	va_start(ap, fmt);
	vsnprintf(s->err, s->errlen, fmt, ap);
	va_end(ap);
}

/* Coverage: how often each fault was scheduled, injected, fired and
 * skipped, and each message name sent, delivered, dropped and unhandled.
 * Campaigns add these up (DESIGN.md section 6, "fault coverage"). */
void sim_cover(struct sim *s, const char *group, const char *name, const char *what)
{
	json_t *g = json_object_get(s->coverage, group), *entry, *n;

	if (!name)
		return;
	if (!g)
		json_object_set_new(s->coverage, group, g = json_object());
	entry = json_object_get(g, name);
	if (!entry)
		json_object_set_new(g, name, entry = json_object());
	n = json_object_get(entry, what);
	json_object_set_new(entry, what, json_integer(json_integer_value(n) + 1));
}

void sim_emit(struct sim *s, const char *ev, json_t *fields)
{
	/* Only fault and message events count for coverage: one prefix test
	 * keeps the rest of the hot path free of lookups. */
	if (ev[0] == 'f' || ev[0] == 'm') {
		const char *name = json_string_value(json_object_get(fields, "name"));

		if (!strcmp(ev, "fault.fire")) {
			s->fired++;
			sim_cover(s, "faults", name, "fired");
		} else if (!strcmp(ev, "fault")) {
			sim_cover(s, "faults", name, "injected");
		} else if (!strcmp(ev, "fault.skip")) {
			sim_cover(s, "faults", name, "skipped");
		} else if (!strncmp(ev, "msg.", 4)) {
			sim_cover(s, "messages", name, ev + 4);
		}
	}
	trace_emit(s->tr, s->now, ev, fields);
}

struct sev *sim_sev_new(enum sev_kind kind, enum side side, int inc)
{
	struct sev *e = calloc(1, sizeof(*e));

	if (!e)
		abort();
	e->kind = kind;
	e->side = side;
	e->inc = inc;
	return e;
}

void sim_sev_free(struct sev *e)
{
	if (!e)
		return;
	free(e->name);
	json_decref(e->data);
	free(e);
}

void sim_at(struct sim *s, int64_t t, struct sev *e)
{
	if (heap_push(&s->heap, &e->h, t) < 0)
		abort();
}

static void drop_timers(struct sim *s, enum side sd, int inc)
{
	struct sev **pp = &s->timers, *e;

	while ((e = *pp)) {
		if (e->side == sd && e->inc == inc) {
			*pp = e->tnext;
			heap_remove(&s->heap, &e->h);
			sim_sev_free(e);
		} else {
			pp = &e->tnext;
		}
	}
}

/* ---- processes ---- */

json_t *sim_ids(struct sim *s, enum side sd)
{
	return json_pack("{s:s, s:i}", "proc", side_name[sd], "inc", s->s[sd].inc);
}

static void schedule_after_death(struct sim *s, enum side sd, const char *how);

/* The side's process is gone (already reaped): trace how, free it, drop its
 * timers. */
static void side_gone(struct sim *s, enum side sd, const char *how, int status)
{
	struct side_state *ss = &s->s[sd];
	json_t *f = sim_ids(s, sd);

	json_object_set_new(f, "how", json_string(how));
	if (status >= 0 && WIFSIGNALED(status))
		json_object_set_new(f, "signal", json_string(sigabbrev_np(WTERMSIG(status)) ?: "?"));
	else if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) != 0)
		json_object_set_new(f, "status", json_integer(WEXITSTATUS(status)));
	if (s->sc->valgrind && status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 99)
		json_object_set_new(f, "memcheck", json_string("errors"));
	sim_emit(s, "proc.exit", f);
	proc_free(ss->proc);
	ss->proc = NULL;
	ss->booted = 0;
	ss->exit_reason = NULL;
	drop_timers(s, sd, ss->inc);
}

/* A process died on its own (crash, restart request, hang): the cloud does
 * what the platform does. */
static void died(struct sim *s, enum side sd, const char *how)
{
	struct side_state *ss = &s->s[sd];
	int status = proc_exited(ss->proc) ? proc_status(ss->proc) : -1;

	if (!strcmp(how, "died"))
		how = ss->exit_reason ? ss->exit_reason : "crashed";
	side_gone(s, sd, how, status);
	schedule_after_death(s, sd, how);
}

static void effect(struct sim *s, enum side sd, const json_t *f);

/* Hands one event frame (stolen) to a side's process and processes its
 * effects until "done". */
void sim_dispatch(struct sim *s, enum side sd, json_t *frame)
{
	struct side_state *ss = &s->s[sd];
	char perr[256];
	json_t *f;
	int rc;

	if (!ss->proc || s->rc) {
		json_decref(frame);
		return;
	}
	json_object_set_new(frame, "now", json_integer(s->now));
	rc = proc_send(ss->proc, frame);
	json_decref(frame);
	while (rc == 0 && (rc = proc_next(ss->proc, &f, perr, sizeof(perr))) == 1) {
		const char *t = json_string_value(json_object_get(f, "t"));

		rc = 0;
		if (!strcmp(t, "done")) {
			json_decref(f);
			return;
		}
		if (!strcmp(t, "restart"))
			ss->exit_reason = "restart";
		else
			effect(s, sd, f);
		json_decref(f);
		if (s->rc)
			return;
	}
	if (rc == -EPROTO) {
		sim_fail(s, -EPROTO, "the %s (incarnation %d) sent garbage on its control channel: %s",
			 side_name[sd], ss->inc, perr);
		return;
	}
	if (rc == -ETIMEDOUT) {
		proc_kill(ss->proc);
		died(s, sd, "hung");
		return;
	}
	/* rc is 0 (end of stream) or -EPIPE: the child is gone, crashed in the
	 * handler or restarted itself. */
	if (!proc_exited(ss->proc))
		proc_wait_exit(ss->proc);
	died(s, sd, "died");
}

/* Starts a new process for a side and waits for it to load the target. */
static int spawn_side(struct sim *s, enum side sd)
{
	struct side_state *ss = &s->s[sd];
	const struct target *t = s->sc->target;
	char *so = sd == AGENT ? t->agent_so : t->device_so;
	char *argv[] = { s->exe[sd], (char *)"--target", so, NULL };
	char vglog[PATH_MAX + 32], vglogopt[PATH_MAX + 64];
	char *vgargv[] = {
		(char *)"valgrind", (char *)"--quiet", (char *)"--error-exitcode=99",
		(char *)"--leak-check=full", (char *)"--errors-for-leak-kinds=definite,indirect",
		/* Without this, memcheck's malloc replaces libfiu's wrapper and
		 * malloc faults silently never fire (TOOLS.md). */
		(char *)"--soname-synonyms=somalloc=nouserintercepts",
		vglogopt, s->exe[sd], (char *)"--target", so, NULL, NULL,
	};
	double watchdog = s->sc->watchdog_s;
	char perr[512];
	json_t *init, *f = NULL;
	int rc;

	ss->inc++;
	ss->booted = 0;
	if (s->sc->valgrind) {
		/* The log name carries the PID, which never reaches the trace. */
		snprintf(vglog, sizeof(vglog), "%s/valgrind.%s.%%p.log", s->sc->run_dir, side_name[sd]);
		snprintf(vglogopt, sizeof(vglogopt), "--log-file=%s", vglog);
		if (getenv("IMPCHAOS_VALGRIND_NO_SONAME"))
			vgargv[5] = (char *)"--quiet";
		watchdog = watchdog * 10 + 10;
		rc = proc_spawn(&ss->proc, s->valgrind, vgargv, s->env[sd], s->log[sd], watchdog, perr,
				sizeof(perr));
	} else {
		rc = proc_spawn(&ss->proc, s->exe[sd], argv, s->env[sd], s->log[sd], watchdog, perr,
				sizeof(perr));
	}
	if (rc < 0) {
		sim_fail(s, -EIO, "%s (is the build complete? run 'make')", perr);
		return rc;
	}
	init = json_pack("{s:s, s:I, s:I, s:i, s:I}", "t", "init", "now", (json_int_t)s->now,
			 "seed", (json_int_t)s->sc->seed, "inc", ss->inc, "epoch",
			 (json_int_t)SIM_EPOCH_S);
	json_object_set_new(init, "arm", sim_arms_of(s, sd));
	if (sd == AGENT) {
		json_object_set_new(init, "store", json_string(s->store));
		json_object_set_new(init, "sync", json_boolean(s->sync_store));
		json_object_set_new(init, "mem_quota", json_integer((json_int_t)s->sc->agent_mem_quota));
	} else {
		json_object_set(init, "workload", t->workload);
		/* Developers hit a limit of about 20 timers on devices
		 * (PLATFORM.md); agents have no documented one. */
		json_object_set_new(init, "timer_limit", json_integer(DEVICE_TIMER_LIMIT));
	}
	rc = proc_send(ss->proc, init);
	json_decref(init);
	/* The proc.start goes first, so that a death while starting (an
	 * unscoped fault point armed in the init frame) reads as a start and
	 * an exit in the trace. */
	{
		json_t *fields = sim_ids(s, sd);

		/* Every agent instance runs on a named server (PLATFORM.md: a
		 * migration moves it to another). */
		if (sd == AGENT)
			json_object_set_new(fields, "server", json_string(server_name[s->server]));
		sim_emit(s, "proc.start", fields);
	}
	while (rc == 0 && (rc = proc_next(ss->proc, &f, perr, sizeof(perr))) == 1) {
		const char *type = json_string_value(json_object_get(f, "t"));

		if (!strcmp(type, "ready")) {
			json_decref(f);
			return 0;
		}
		if (!strcmp(type, "fatal")) {
			sim_fail(s, -EINVAL, "target '%s/%s': %s", t->name, t->variant,
				 json_string_value(json_object_get(f, "msg")) ?: "?");
			json_decref(f);
			break;
		}
		/* Effects of faults that fire while the host starts. */
		effect(s, sd, f);
		json_decref(f);
		f = NULL;
		rc = s->rc;
	}
	if (rc == -EPROTO)
		sim_fail(s, -EPROTO, "the %s sent garbage while starting: %s", side_name[sd], perr);
	if (!s->rc && (rc == 0 || rc == -EPIPE) && ss->exit_reason) {
		/* It died of an injected fault while starting: the cloud restarts
		 * it, as it would any crash. */
		if (!proc_exited(ss->proc))
			proc_wait_exit(ss->proc);
		died(s, sd, "died");
		return -ECHILD;
	}
	sim_fail(s, -EIO, "the %s host did not start (see %s)", side_name[sd], s->log[sd]);
	proc_free(ss->proc);
	ss->proc = NULL;
	return -EIO;
}

/* Stops a side on purpose: "stop" for a graceful exit, else SIGKILL. */
void sim_stop_side(struct sim *s, enum side sd, int graceful, const char *how)
{
	struct side_state *ss = &s->s[sd];

	if (!ss->proc)
		return;
	if (graceful) {
		json_t *stop = json_pack("{s:s, s:I}", "t", "stop", "now", (json_int_t)s->now);

		if (proc_send(ss->proc, stop) < 0 || proc_wait_exit(ss->proc) < 0)
			how = "hung";
		json_decref(stop);
	} else {
		proc_kill(ss->proc);
	}
	side_gone(s, sd, how, proc_exited(ss->proc) ? proc_status(ss->proc) : -1);
}

static void schedule_after_death(struct sim *s, enum side sd, const char *how)
{
	if (sd == AGENT) {
		/* The platform restarts a crashed or restarting agent within seconds. */
		sim_at(s, s->now + prng_range(&s->restart, 1 * SEC, 5 * SEC), sim_sev_new(SEV_AGENT_START, AGENT, 0));
		return;
	}
	/* A device whose code crashed or called server_restart() reboots. */
	(void)how;
	if (s->link)
		sim_link_set(s, 0);
	sim_at(s, s->now + prng_range(&s->restart, 1 * SEC, 5 * SEC), sim_sev_new(SEV_POWER_ON, DEVICE, 0));
}

/* ---- the cloud model ---- */

void sim_link_set(struct sim *s, int up)
{
	enum side sd;

	if (s->link == up)
		return;
	s->link = up;
	sim_emit(s, up ? "link.up" : "link.down", NULL);
	for (sd = AGENT; sd <= DEVICE && !s->rc; sd++)
		sim_dispatch(s, sd, json_pack("{s:s, s:b}", "t", "link", "up", up));
}

static void send_msg(struct sim *s, enum side from, const json_t *f)
{
	enum side to = from == AGENT ? DEVICE : AGENT;
	const char *name = json_string_value(json_object_get(f, "name"));
	json_t *data = json_object_get(f, "data");
	uint64_t id = ++s->next_msg;
	int64_t arrive;
	struct sev *e;

	if (!name || !data) {
		sim_fail(s, -EPROTO, "the %s sent a malformed 'send' frame", side_name[from]);
		return;
	}
	sim_emit(s, "msg.send", json_pack("{s:s, s:i, s:s, s:I, s:s, s:O}", "from", side_name[from],
				      "inc", s->s[from].inc, "to", side_name[to], "id",
				      (json_int_t)id, "name", name, "data", data));
	if (from == AGENT && !s->link) {
		/* PLATFORM.md: what happens to device.send() while the device is
		 * offline is undocumented; dropping it is the plausible default. */
		sim_emit(s, "msg.drop", json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "name",
					      name, "to", side_name[to], "why", "device-offline"));
		return;
	}
	/* Messages in one direction keep their order, as over one connection. */
	arrive = s->now + prng_range(&s->latency, 20 * MS, 200 * MS);
	if (arrive < s->last_arrival[to])
		arrive = s->last_arrival[to];
	s->last_arrival[to] = arrive;
	e = sim_sev_new(SEV_DELIVER, to, 0);
	e->id = id;
	e->name = strdup(name);
	e->data = json_incref(data);
	sim_at(s, arrive, e);
}

static const char *need_str(struct sim *s, enum side sd, const json_t *f, const char *key)
{
	const char *v = json_string_value(json_object_get(f, key));

	if (!v)
		sim_fail(s, -EPROTO, "the %s sent a '%s' frame without a string \"%s\"", side_name[sd],
			 json_string_value(json_object_get(f, "t")), key);
	return v;
}

static void effect(struct sim *s, enum side sd, const json_t *f)
{
	const char *t = json_string_value(json_object_get(f, "t"));
	json_t *fields;

	if (!strcmp(t, "send")) {
		send_msg(s, sd, f);
	} else if (!strcmp(t, "sendfail")) {
		const char *name = need_str(s, sd, f, "name");

		if (name) {
			fields = sim_ids(s, sd);
			json_object_set_new(fields, "name", json_string(name));
			json_object_set(fields, "rc", json_object_get(f, "rc"));
			sim_emit(s, "msg.sendfail", fields);
		}
	} else if (!strcmp(t, "wakeup")) {
		json_t *id = json_object_get(f, "id"), *after = json_object_get(f, "after");
		struct sev *e;

		if (!json_is_integer(id) || !json_is_integer(after) || json_integer_value(after) < 0) {
			sim_fail(s, -EPROTO, "the %s sent a malformed 'wakeup' frame", side_name[sd]);
			return;
		}
		e = sim_sev_new(SEV_TIMER, sd, s->s[sd].inc);
		e->id = (uint64_t)json_integer_value(id);
		e->tnext = s->timers;
		s->timers = e;
		sim_at(s, s->now + json_integer_value(after), e);
		fields = sim_ids(s, sd);
		json_object_set(fields, "id", id);
		json_object_set_new(fields, "at", json_integer(e->h.t));
		sim_emit(s, "timer.set", fields);
	} else if (!strcmp(t, "cancel")) {
		uint64_t id = (uint64_t)json_integer_value(json_object_get(f, "id"));
		struct sev **pp = &s->timers, *e;

		while ((e = *pp) && !(e->side == sd && e->inc == s->s[sd].inc && e->id == id))
			pp = &e->tnext;
		if (e) {
			*pp = e->tnext;
			heap_remove(&s->heap, &e->h);
			sim_sev_free(e);
		}
		fields = sim_ids(s, sd);
		json_object_set_new(fields, "id", json_integer((json_int_t)id));
		sim_emit(s, "timer.cancel", fields);
	} else if (!strcmp(t, "log")) {
		const char *level = need_str(s, sd, f, "level"), *text = need_str(s, sd, f, "text");

		if (level && text) {
			fields = sim_ids(s, sd);
			json_object_set_new(fields, "level", json_string(level));
			json_object_set_new(fields, "text", json_string(text));
			sim_emit(s, "log", fields);
		}
	} else if (!strcmp(t, "observe")) {
		const char *name = need_str(s, sd, f, "name");
		json_t *value = json_object_get(f, "value");

		if (name && json_is_number(value)) {
			fields = sim_ids(s, sd);
			json_object_set_new(fields, "name", json_string(name));
			json_object_set(fields, "value", value);
			sim_emit(s, "observe", fields);
		} else if (name) {
			sim_fail(s, -EPROTO, "the %s sent an 'observe' frame without a number", side_name[sd]);
		}
	} else if (sd == AGENT && (!strcmp(t, "save") || !strcmp(t, "load"))) {
		fields = json_pack("{s:i}", "inc", s->s[sd].inc);
		if (!strcmp(t, "save"))
			json_object_set(fields, "rc", json_object_get(f, "rc"));
		json_object_set(fields, "table", json_object_get(f, "table"));
		sim_emit(s, !strcmp(t, "save") ? "store.save" : "store.load", fields);
	} else if (!strcmp(t, "fired") || !strcmp(t, "oom") || !strcmp(t, "crashpoint")) {
		const char *name = need_str(s, sd, f, "name");

		if (!name)
			return;
		if (!strcmp(t, "crashpoint")) {
			/* Its "fired" came first; the death follows. */
			s->s[sd].exit_reason = "crash-point";
			return;
		}
		fields = sim_ids(s, sd);
		json_object_set_new(fields, "name", json_string(name));
		if (!strcmp(t, "fired")) {
			json_object_set(fields, "call", json_object_get(f, "call"));
			json_object_set(fields, "errno", json_object_get(f, "errno"));
		} else {
			json_object_set_new(fields, "action", json_string("oom"));
			s->s[sd].exit_reason = "oom";
		}
		sim_emit(s, "fault.fire", fields);
		sim_arm_fired(s, sd, name);
	} else if (!strcmp(t, "fired-lost")) {
		fields = sim_ids(s, sd);
		json_object_set(fields, "count", json_object_get(f, "count"));
		sim_emit(s, "fault.fire-lost", fields);
	} else if (sd == AGENT && !strcmp(t, "saving")) {
		fields = json_pack("{s:i}", "inc", s->s[sd].inc);
		json_object_set(fields, "table", json_object_get(f, "table"));
		sim_emit(s, "store.begin", fields);
	} else if (!strcmp(t, "nowakeup")) {
		fields = sim_ids(s, sd);
		json_object_set(fields, "limit", json_object_get(f, "limit"));
		sim_emit(s, "timer.refused", fields);
	} else if (!strcmp(t, "fatal")) {
		sim_fail(s, -EINVAL, "the %s host failed: %s (see %s)", side_name[sd],
			 json_string_value(json_object_get(f, "msg")) ?: "?", s->log[sd]);
	} else if (!strcmp(t, "nohandler")) {
		const char *name = need_str(s, sd, f, "name");

		if (!name)
			return;
		sim_emit(s, "msg.nohandler", json_pack("{s:s, s:i, s:O, s:s}", "to", side_name[sd], "inc",
						   s->s[sd].inc, "id",
						   json_object_get(f, "id") ?: json_null(), "name", name));
		/* The platform drops the message and says so in the log, naming
		 * the sending call: the agent's device.send() lands on the
		 * device, the device's agent.send() on the agent. */
		fields = sim_ids(s, sd);
		json_object_set_new(fields, "level", json_string("error"));
		json_object_set_new(fields, "source", json_string("platform"));
		json_object_set_new(fields, "text", json_string(sd == DEVICE ?
			"ERROR: no handler for device.send()" : "ERROR: no handler for agent.send()"));
		sim_emit(s, "log", fields);
	} else {
		sim_fail(s, -EPROTO, "the %s sent an unknown frame type '%s'", side_name[sd], t);
	}
}

void sim_deliver(struct sim *s, struct sev *e)
{
	struct side_state *ss = &s->s[e->side];
	const char *why = NULL;

	if (!ss->proc)
		why = e->side == AGENT ? "agent-down" : "device-offline";
	else if (e->side == DEVICE && !s->link)
		why = "device-offline";
	if (why) {
		sim_emit(s, "msg.drop", json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)e->id, "name",
					      e->name, "to", side_name[e->side], "why", why));
		return;
	}
	sim_emit(s, "msg.deliver", json_pack("{s:I, s:s, s:s, s:i}", "id", (json_int_t)e->id, "name",
					 e->name, "to", side_name[e->side], "inc", ss->inc));
	sim_dispatch(s, e->side, json_pack("{s:s, s:I, s:s, s:O}", "t", "msg", "id", (json_int_t)e->id,
				       "name", e->name, "data", e->data));
}

static void handle(struct sim *s, struct sev *e)
{
	struct side_state *dev = &s->s[DEVICE];

	switch (e->kind) {
	case SEV_AGENT_START:
		if (s->s[AGENT].proc || spawn_side(s, AGENT) < 0)
			break;
		/* The new instance learns whether its device is connected before
		 * its code runs, so device_isconnected() is right in agent_main(). */
		if (s->link)
			sim_dispatch(s, AGENT, json_pack("{s:s, s:b}", "t", "link", "up", 1));
		sim_dispatch(s, AGENT, json_pack("{s:s}", "t", "start"));
		sim_release_held(s);
		break;
	case SEV_POWER_ON:
		if (dev->proc || spawn_side(s, DEVICE) < 0)
			break;
		sim_at(s, s->now + prng_range(&s->boot, 1 * SEC, 5 * SEC), sim_sev_new(SEV_CONNECT, DEVICE, dev->inc));
		break;
	case SEV_CONNECT:
		if (!dev->proc || dev->inc != e->inc || s->cuts > 0 || s->link)
			break;
		sim_link_set(s, 1);
		/* Device code starts once the device is online, a moment after
		 * the agent may already have heard of the connection. */
		if (!dev->booted && dev->proc)
			sim_at(s, s->now + prng_range(&s->boot, 100 * MS, 2 * SEC), sim_sev_new(SEV_BOOT, DEVICE, dev->inc));
		break;
	case SEV_BOOT:
		if (!dev->proc || dev->inc != e->inc || dev->booted)
			break;
		dev->booted = 1;
		sim_dispatch(s, DEVICE, json_pack("{s:s}", "t", "start"));
		break;
	case SEV_TIMER: {
		struct sev **pp = &s->timers;

		while (*pp && *pp != e)
			pp = &(*pp)->tnext;
		if (*pp)
			*pp = e->tnext;
		if (s->s[e->side].proc && s->s[e->side].inc == e->inc) {
			json_t *f = sim_ids(s, e->side);

			json_object_set_new(f, "id", json_integer((json_int_t)e->id));
			sim_emit(s, "timer.fire", f);
			sim_dispatch(s, e->side, json_pack("{s:s, s:I}", "t", "timer", "id", (json_int_t)e->id));
		}
		break;
	}
	case SEV_DELIVER:
		sim_deliver(s, e);
		break;
	case SEV_FAULT:
		sim_inject(s, e);
		break;
	case SEV_LINK_RESTORE:
		if (--s->cuts == 0 && dev->proc)
			sim_at(s, s->now + prng_range(&s->boot, 500 * MS, 3 * SEC),
			   sim_sev_new(SEV_CONNECT, DEVICE, dev->inc));
		break;
	case SEV_DISARM:
		sim_disarm(s, e->fault);
		break;
	case SEV_END:
		break;
	}
}

static void sink(const json_t *ev, void *ud)
{
	check_set_event(ud, ev);
}

static int paths(struct sim *s)
{
	if (s->sc->valgrind) {
		const char *cands[] = { "/usr/bin/valgrind", "/usr/local/bin/valgrind" };
		size_t i;

		for (i = 0; i < 2 && !s->valgrind[0]; i++)
			if (access(cands[i], X_OK) == 0)
				snprintf(s->valgrind, sizeof(s->valgrind), "%s", cands[i]);
		if (!s->valgrind[0]) {
			sim_fail(s, -EINVAL, "valgrind is not installed (apt-get install valgrind, or "
				 "run 'make deps')");
			return -EINVAL;
		}
	}
	const char *home = impchaos_home(), *dir = s->sc->run_dir;

	if ((size_t)snprintf(s->exe[AGENT], PATH_MAX, "%s/bin/imp-agent", home) >= PATH_MAX ||
	    (size_t)snprintf(s->exe[DEVICE], PATH_MAX, "%s/bin/imp-device", home) >= PATH_MAX ||
	    (size_t)snprintf(s->log[AGENT], PATH_MAX, "%s/agent.log", dir) >= PATH_MAX ||
	    (size_t)snprintf(s->log[DEVICE], PATH_MAX, "%s/device.log", dir) >= PATH_MAX ||
	    (size_t)snprintf(s->store, PATH_MAX, "%s/store.json", dir) >= PATH_MAX) {
		sim_fail(s, -ENAMETOOLONG, "run directory path too long: %s", dir);
		return -ENAMETOOLONG;
	}
	return 0;
}

static json_t *run_facts(const struct scenario *sc)
{
	json_t *faults = json_array();
	char dur[32];
	size_t i;

	for (i = 0; i < sc->faults->n; i++)
		json_array_append_new(faults, json_string(sc->faults->v[i].fault));
	duration_format(sc->duration_us, dur, sizeof(dur));
	return json_pack("{s:s, s:s, s:I, s:s, s:o}", "target", sc->target->name, "variant",
			 sc->target->variant, "seed", (json_int_t)sc->seed, "duration", dur,
			 "faults", faults);
}

int sim_run(const struct scenario *sc, struct sim_result *res, char *err, size_t errlen)
{
	struct sim s = { .sc = sc, .err = err, .errlen = errlen, .coverage = json_object() };
	char path[PATH_MAX];
	struct heap_item *it;
	size_t i;
	int rc;

	memset(res, 0, sizeof(*res));
	signal(SIGPIPE, SIG_IGN);
	if (paths(&s) < 0 || sim_prepare_points(&s) < 0) {
		sim_release_points(&s);
		json_decref(s.coverage);
		return s.rc;
	}
	rc = check_set_new(&s.checks, sc->checks, sc->nchecks, err, errlen);
	if (rc < 0) {
		sim_release_points(&s);
		json_decref(s.coverage);
		return rc;
	}
	snprintf(path, sizeof(path), "%s/trace.jsonl", sc->run_dir);
	rc = trace_open(&s.tr, path);
	if (rc < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(-rc));
		check_set_free(s.checks);
		sim_release_points(&s);
		json_decref(s.coverage);
		return -EIO;
	}
	trace_set_sink(s.tr, sink, s.checks);
	heap_init(&s.heap);
	prng_init(&s.latency, sc->seed, "link/latency");
	prng_init(&s.boot, sc->seed, "device/boot");
	prng_init(&s.restart, sc->seed, "cloud/restart");
	prng_init(&s.servers, sc->seed, "cloud/servers");
	s.server = (int)prng_below(&s.servers, NSERVERS);
	/* Remove any store left by an earlier run in the same directory: a run
	 * starts from an agent that never saved anything. */
	remove(s.store);

	sim_emit(&s, "run.start", run_facts(sc));
	/* Faults first: a point armed "at 0s" is in place before agent_main()
	 * and device_main() run, so a sweep counts their calls too. */
	for (i = 0; i < sc->faults->n; i++) {
		struct sev *e = sim_sev_new(SEV_FAULT, AGENT, 0);

		sim_cover(&s, "faults", sc->faults->v[i].fault, "scheduled");
		e->fault = i;
		sim_at(&s, sc->faults->v[i].t_us, e);
	}
	sim_at(&s, 0, sim_sev_new(SEV_AGENT_START, AGENT, 0));
	sim_at(&s, 0, sim_sev_new(SEV_POWER_ON, DEVICE, 0));
	sim_at(&s, sc->duration_us, sim_sev_new(SEV_END, AGENT, 0));

	while (!s.rc && (it = heap_pop(&s.heap))) {
		struct sev *e = (struct sev *)it;
		int end = e->kind == SEV_END;

		s.now = e->h.t;
		handle(&s, e);
		sim_sev_free(e);
		if (end)
			break;
	}
	sim_stop_side(&s, DEVICE, 1, "stopped");
	sim_stop_side(&s, AGENT, 1, "stopped");
	sim_emit(&s, "run.end", json_pack("{s:I}", "events", (json_int_t)trace_count(s.tr)));

	while ((it = heap_pop(&s.heap)))
		sim_sev_free((struct sev *)it);
	while (s.held) {
		struct sev *m = s.held;

		s.held = m->tnext;
		sim_sev_free(m);
	}
	heap_release(&s.heap);
	sim_release_points(&s);
	trace_hash(s.tr, res->hash);
	res->events = trace_count(s.tr);
	res->fired = s.fired;
	res->coverage = s.coverage;
	res->sim_us = s.now;
	if (trace_close(s.tr) < 0)
		sim_fail(&s, -EIO, "could not write the whole trace to '%s' (disk full?)", path);
	res->verdicts = check_set_finish(s.checks);
	check_set_free(s.checks);
	for (i = 0; i < json_array_size(res->verdicts); i++)
		if (!json_is_true(json_object_get(json_array_get(res->verdicts, i), "ok")))
			res->failed++;
	if (s.rc) {
		sim_result_release(res);
		return s.rc;
	}
	return 0;
}

void sim_result_release(struct sim_result *res)
{
	json_decref(res->verdicts);
	json_decref(res->coverage);
	res->verdicts = res->coverage = NULL;
}
