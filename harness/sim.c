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

#define MS 1000LL
#define SEC 1000000LL

enum side { AGENT, DEVICE };
static const char *const side_name[] = { "agent", "device" };

/* The cloud's servers. Agents start on one drawn from the seed and move
 * only when migrated. */
#define NSERVERS 4

#define DEVICE_TIMER_LIMIT 20
static const char *const server_name[NSERVERS] = { "imp01", "imp02", "imp03", "imp04" };

enum sev_kind {
	SEV_AGENT_START,
	SEV_POWER_ON,
	SEV_CONNECT,
	SEV_BOOT,
	SEV_TIMER,
	SEV_DELIVER,
	SEV_FAULT,
	SEV_LINK_RESTORE,
	SEV_DISARM,              /* a window of a point fault closes */
	SEV_END,
};

struct sev {
	struct heap_item h;      /* first: the heap hands back this pointer */
	enum sev_kind kind;
	enum side side;
	int inc;                 /* the incarnation the event belongs to */
	uint64_t id;             /* timer id, message id */
	char *name;              /* message name */
	json_t *data;            /* message body */
	size_t fault;            /* index into the schedule */
	uint64_t occurrence;     /* for 'every' faults */
	struct sev *tnext;       /* pending timers list */
};

struct side_state {
	struct proc *proc;       /* NULL while the side has no process */
	int inc;                 /* incarnation of the current or last process */
	int booted;              /* device: device_main() ran in this incarnation */
	const char *exit_reason; /* set by an effect before the child exits:
	                          * "restart" (server_restart), "oom", "crash-point" */
};

/* A fault point armed in one side (DESIGN.md section 4). The child decides
 * each call; the harness keeps the arm so that a new incarnation of the side
 * is armed again with what is left of it. */
struct arm {
	const char *name;        /* catalogue name (static) */
	size_t entry;            /* the schedule entry that armed it */
	enum side side;
	json_t *spec;            /* the arm frame's spec; "n" tracks what is left */
	struct arm *next;
};

struct sim {
	const struct scenario *sc;
	struct heap heap;
	int64_t now;
	struct trace *tr;
	struct check_set *checks;
	struct prng latency, boot, restart;
	struct side_state s[2];
	int link;                /* the device is connected */
	int cuts;                /* disconnect faults in force */
	int64_t last_arrival[2]; /* per destination side: keeps delivery FIFO */
	uint64_t next_msg;
	struct sev *timers;
	struct arm *arms;        /* in arming order */
	int server;              /* the server the agent runs on (index) */
	struct sev *held;        /* messages held through a migration, in order */
	int held_early;          /* deliver them right after agent_main() */
	struct prng servers;
	uint64_t fired;
	json_t *coverage;
	int preload[2];          /* the side needs libfiu's POSIX preload */
	int sync_store;
	char **env[2];           /* environment of each side's children */
	int rc;
	char *err;
	size_t errlen;
	char exe[2][PATH_MAX], log[2][PATH_MAX], store[PATH_MAX];
	char valgrind[PATH_MAX];
};

static void sim_fail(struct sim *s, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void sim_fail(struct sim *s, int rc, const char *fmt, ...)
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
static void cover(struct sim *s, const char *group, const char *name, const char *what)
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

static void emit(struct sim *s, const char *ev, json_t *fields)
{
	const char *name = json_string_value(json_object_get(fields, "name"));

	if (!strcmp(ev, "fault.fire")) {
		s->fired++;
		cover(s, "faults", name, "fired");
	} else if (!strcmp(ev, "fault")) {
		const struct fault_info *f = name ? fault_find(name) : NULL;

		cover(s, "faults", name, "injected");
		/* A cloud fault acts when injected; a point fires later, if its
		 * call comes (fault.fire above). */
		if (f && !f->point)
			cover(s, "faults", name, "fired");
	} else if (!strcmp(ev, "fault.skip")) {
		cover(s, "faults", name, "skipped");
	} else if (!strncmp(ev, "msg.", 4)) {
		cover(s, "messages", name, ev + 4);
	}
	trace_emit(s->tr, s->now, ev, fields);
}

static struct sev *sev_new(enum sev_kind kind, enum side side, int inc)
{
	struct sev *e = calloc(1, sizeof(*e));

	if (!e)
		abort();
	e->kind = kind;
	e->side = side;
	e->inc = inc;
	return e;
}

static void sev_free(struct sev *e)
{
	if (!e)
		return;
	free(e->name);
	json_decref(e->data);
	free(e);
}

static void at(struct sim *s, int64_t t, struct sev *e)
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
			sev_free(e);
		} else {
			pp = &e->tnext;
		}
	}
}

/* ---- processes ---- */

static json_t *ids(struct sim *s, enum side sd)
{
	return json_pack("{s:s, s:i}", "proc", side_name[sd], "inc", s->s[sd].inc);
}

static void link_set(struct sim *s, int up);
static void schedule_after_death(struct sim *s, enum side sd, const char *how);

/* The side's process is gone (already reaped): trace how, free it, drop its
 * timers. */
static void side_gone(struct sim *s, enum side sd, const char *how, int status)
{
	struct side_state *ss = &s->s[sd];
	json_t *f = ids(s, sd);

	json_object_set_new(f, "how", json_string(how));
	if (status >= 0 && WIFSIGNALED(status))
		json_object_set_new(f, "signal", json_string(sigabbrev_np(WTERMSIG(status)) ?: "?"));
	else if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) != 0)
		json_object_set_new(f, "status", json_integer(WEXITSTATUS(status)));
	if (s->sc->valgrind && status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 99)
		json_object_set_new(f, "memcheck", json_string("errors"));
	emit(s, "proc.exit", f);
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
static void dispatch(struct sim *s, enum side sd, json_t *frame)
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

static json_t *arms_of(struct sim *s, enum side sd)
{
	json_t *v = json_array();
	struct arm *a;

	for (a = s->arms; a; a = a->next)
		if (a->side == sd)
			json_array_append(v, a->spec);
	return v;
}

static void arm_remove(struct sim *s, struct arm *gone)
{
	struct arm **pp;

	for (pp = &s->arms; *pp; pp = &(*pp)->next)
		if (*pp == gone) {
			*pp = gone->next;
			json_decref(gone->spec);
			free(gone);
			return;
		}
}

/* The child reported that a point fired: account for it, as the child did. */
static void arm_fired(struct sim *s, enum side sd, const char *name)
{
	struct arm *a;

	for (a = s->arms; a; a = a->next) {
		const char *mode = json_string_value(json_object_get(a->spec, "mode"));
		json_int_t n = json_integer_value(json_object_get(a->spec, "n"));

		if (a->side != sd || strcmp(a->name, name))
			continue;
		if (!strcmp(mode, "nth") || (!strcmp(mode, "count") && n <= 1))
			arm_remove(s, a);
		else if (!strcmp(mode, "count"))
			json_object_set_new(a->spec, "n", json_integer(n - 1));
		return;
	}
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
	json_object_set_new(init, "arm", arms_of(s, sd));
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
		json_t *fields = ids(s, sd);

		/* Every agent instance runs on a named server (PLATFORM.md: a
		 * migration moves it to another). */
		if (sd == AGENT)
			json_object_set_new(fields, "server", json_string(server_name[s->server]));
		emit(s, "proc.start", fields);
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
static void stop_side(struct sim *s, enum side sd, int graceful, const char *how)
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

static int64_t seeded(struct prng *p, int64_t lo, int64_t hi)
{
	return prng_range(p, lo, hi);
}

static void schedule_after_death(struct sim *s, enum side sd, const char *how)
{
	if (sd == AGENT) {
		/* The platform restarts a crashed or restarting agent within seconds. */
		at(s, s->now + seeded(&s->restart, 1 * SEC, 5 * SEC), sev_new(SEV_AGENT_START, AGENT, 0));
		return;
	}
	/* A device whose code crashed or called server_restart() reboots. */
	(void)how;
	if (s->link)
		link_set(s, 0);
	at(s, s->now + seeded(&s->restart, 1 * SEC, 5 * SEC), sev_new(SEV_POWER_ON, DEVICE, 0));
}

/* ---- the cloud model ---- */

static void link_set(struct sim *s, int up)
{
	enum side sd;

	if (s->link == up)
		return;
	s->link = up;
	emit(s, up ? "link.up" : "link.down", NULL);
	for (sd = AGENT; sd <= DEVICE && !s->rc; sd++)
		dispatch(s, sd, json_pack("{s:s, s:b}", "t", "link", "up", up));
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
	emit(s, "msg.send", json_pack("{s:s, s:i, s:s, s:I, s:s, s:O}", "from", side_name[from],
				      "inc", s->s[from].inc, "to", side_name[to], "id",
				      (json_int_t)id, "name", name, "data", data));
	if (from == AGENT && !s->link) {
		/* PLATFORM.md: what happens to device.send() while the device is
		 * offline is undocumented; dropping it is the plausible default. */
		emit(s, "msg.drop", json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "name",
					      name, "to", side_name[to], "why", "device-offline"));
		return;
	}
	/* Messages in one direction keep their order, as over one connection. */
	arrive = s->now + seeded(&s->latency, 20 * MS, 200 * MS);
	if (arrive < s->last_arrival[to])
		arrive = s->last_arrival[to];
	s->last_arrival[to] = arrive;
	e = sev_new(SEV_DELIVER, to, 0);
	e->id = id;
	e->name = strdup(name);
	e->data = json_incref(data);
	at(s, arrive, e);
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
			fields = ids(s, sd);
			json_object_set_new(fields, "name", json_string(name));
			json_object_set(fields, "rc", json_object_get(f, "rc"));
			emit(s, "msg.sendfail", fields);
		}
	} else if (!strcmp(t, "wakeup")) {
		json_t *id = json_object_get(f, "id"), *after = json_object_get(f, "after");
		struct sev *e;

		if (!json_is_integer(id) || !json_is_integer(after) || json_integer_value(after) < 0) {
			sim_fail(s, -EPROTO, "the %s sent a malformed 'wakeup' frame", side_name[sd]);
			return;
		}
		e = sev_new(SEV_TIMER, sd, s->s[sd].inc);
		e->id = (uint64_t)json_integer_value(id);
		e->tnext = s->timers;
		s->timers = e;
		at(s, s->now + json_integer_value(after), e);
		fields = ids(s, sd);
		json_object_set(fields, "id", id);
		json_object_set_new(fields, "at", json_integer(e->h.t));
		emit(s, "timer.set", fields);
	} else if (!strcmp(t, "cancel")) {
		uint64_t id = (uint64_t)json_integer_value(json_object_get(f, "id"));
		struct sev **pp = &s->timers, *e;

		while ((e = *pp) && !(e->side == sd && e->inc == s->s[sd].inc && e->id == id))
			pp = &e->tnext;
		if (e) {
			*pp = e->tnext;
			heap_remove(&s->heap, &e->h);
			sev_free(e);
		}
		fields = ids(s, sd);
		json_object_set_new(fields, "id", json_integer((json_int_t)id));
		emit(s, "timer.cancel", fields);
	} else if (!strcmp(t, "log")) {
		const char *level = need_str(s, sd, f, "level"), *text = need_str(s, sd, f, "text");

		if (level && text) {
			fields = ids(s, sd);
			json_object_set_new(fields, "level", json_string(level));
			json_object_set_new(fields, "text", json_string(text));
			emit(s, "log", fields);
		}
	} else if (!strcmp(t, "observe")) {
		const char *name = need_str(s, sd, f, "name");
		json_t *value = json_object_get(f, "value");

		if (name && json_is_number(value)) {
			fields = ids(s, sd);
			json_object_set_new(fields, "name", json_string(name));
			json_object_set(fields, "value", value);
			emit(s, "observe", fields);
		} else if (name) {
			sim_fail(s, -EPROTO, "the %s sent an 'observe' frame without a number", side_name[sd]);
		}
	} else if (sd == AGENT && (!strcmp(t, "save") || !strcmp(t, "load"))) {
		fields = json_pack("{s:i}", "inc", s->s[sd].inc);
		if (!strcmp(t, "save"))
			json_object_set(fields, "rc", json_object_get(f, "rc"));
		json_object_set(fields, "table", json_object_get(f, "table"));
		emit(s, !strcmp(t, "save") ? "store.save" : "store.load", fields);
	} else if (!strcmp(t, "fired") || !strcmp(t, "oom") || !strcmp(t, "crashpoint")) {
		const char *name = need_str(s, sd, f, "name");

		if (!name)
			return;
		if (!strcmp(t, "crashpoint")) {
			/* Its "fired" came first; the death follows. */
			s->s[sd].exit_reason = "crash-point";
			return;
		}
		fields = ids(s, sd);
		json_object_set_new(fields, "name", json_string(name));
		if (!strcmp(t, "fired")) {
			json_object_set(fields, "call", json_object_get(f, "call"));
			json_object_set(fields, "errno", json_object_get(f, "errno"));
		} else {
			json_object_set_new(fields, "action", json_string("oom"));
			s->s[sd].exit_reason = "oom";
		}
		emit(s, "fault.fire", fields);
		arm_fired(s, sd, name);
	} else if (!strcmp(t, "fired-lost")) {
		fields = ids(s, sd);
		json_object_set(fields, "count", json_object_get(f, "count"));
		emit(s, "fault.fire-lost", fields);
	} else if (sd == AGENT && !strcmp(t, "saving")) {
		fields = json_pack("{s:i}", "inc", s->s[sd].inc);
		json_object_set(fields, "table", json_object_get(f, "table"));
		emit(s, "store.begin", fields);
	} else if (!strcmp(t, "nowakeup")) {
		fields = ids(s, sd);
		json_object_set(fields, "limit", json_object_get(f, "limit"));
		emit(s, "timer.refused", fields);
	} else if (!strcmp(t, "fatal")) {
		sim_fail(s, -EINVAL, "the %s host failed: %s (see %s)", side_name[sd],
			 json_string_value(json_object_get(f, "msg")) ?: "?", s->log[sd]);
	} else if (!strcmp(t, "nohandler")) {
		const char *name = need_str(s, sd, f, "name");

		if (!name)
			return;
		emit(s, "msg.nohandler", json_pack("{s:s, s:i, s:O, s:s}", "to", side_name[sd], "inc",
						   s->s[sd].inc, "id",
						   json_object_get(f, "id") ?: json_null(), "name", name));
		/* The platform drops the message and says so in the log, naming
		 * the sending call: the agent's device.send() lands on the
		 * device, the device's agent.send() on the agent. */
		fields = ids(s, sd);
		json_object_set_new(fields, "level", json_string("error"));
		json_object_set_new(fields, "source", json_string("platform"));
		json_object_set_new(fields, "text", json_string(sd == DEVICE ?
			"ERROR: no handler for device.send()" : "ERROR: no handler for agent.send()"));
		emit(s, "log", fields);
	} else {
		sim_fail(s, -EPROTO, "the %s sent an unknown frame type '%s'", side_name[sd], t);
	}
}

static void deliver(struct sim *s, struct sev *e)
{
	struct side_state *ss = &s->s[e->side];
	const char *why = NULL;

	if (!ss->proc)
		why = e->side == AGENT ? "agent-down" : "device-offline";
	else if (e->side == DEVICE && !s->link)
		why = "device-offline";
	if (why) {
		emit(s, "msg.drop", json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)e->id, "name",
					      e->name, "to", side_name[e->side], "why", why));
		return;
	}
	emit(s, "msg.deliver", json_pack("{s:I, s:s, s:s, s:i}", "id", (json_int_t)e->id, "name",
					 e->name, "to", side_name[e->side], "inc", ss->inc));
	dispatch(s, e->side, json_pack("{s:s, s:I, s:s, s:O}", "t", "msg", "id", (json_int_t)e->id,
				       "name", e->name, "data", e->data));
}

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

static const char *const scope_name[] = { "store", "target", "process" };
static const char *const action_name[] = { "fail", "oom", "crash" };

/* Arms a point fault in its side, now and in every later incarnation. */
static void arm(struct sim *s, const struct sched_entry *e, const struct fault_info *info)
{
	const struct fault_point *pt = info->point;
	enum side sd = !strcmp(fault_point_proc(e, info), "agent") ? AGENT : DEVICE;
	struct arm *a = calloc(1, sizeof(*a)), **pp;
	int nth = schedule_param(e, "nth") != NULL, window = e->kind == SCHED_WINDOW;

	if (!a)
		abort();
	a->name = info->name;
	a->side = sd;
	a->entry = (size_t)(e - s->sc->faults->v);
	/* Merged into a counted arm of the same point, as the child does. */
	if (!nth && !window)
		for (pp = &s->arms; *pp; pp = &(*pp)->next) {
			json_t *sp = (*pp)->spec;

			if ((*pp)->side == sd && !strcmp((*pp)->name, info->name) &&
			    !strcmp(json_string_value(json_object_get(sp, "mode")), "count") &&
			    json_integer_value(json_object_get(sp, "errno")) == fault_param_errno(e, info)) {
				free(a);
				a = *pp;
				json_object_set_new(sp, "n", json_integer(json_integer_value(
					json_object_get(sp, "n")) + fault_param_int(e, "count", 1)));
				emit(s, "fault.arm", json_pack("{s:s, s:s, s:O}", "proc", side_name[sd],
							       "name", info->name, "spec", sp));
				dispatch(s, sd, json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:s, s:I, s:i}}", "t",
					"arm", "spec", "name", info->name, "fiu", info->point->fiu,
					"scope", scope_name[pt->scope], "action", action_name[pt->action],
					"mode", "count", "n", (json_int_t)fault_param_int(e, "count", 1),
					"errno", fault_param_errno(e, info)));
				return;
			}
		}
	a->spec = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:f, s:i}", "name", info->name, "fiu",
			    pt->fiu, "scope", scope_name[pt->scope], "action",
			    action_name[pt->action], "mode", window ? "p" : nth ? "nth" : "count",
			    "n", (json_int_t)fault_param_int(e, nth ? "nth" : "count", 1), "p",
			    window ? e->p : 0.0, "errno", fault_param_errno(e, info));
	for (pp = &s->arms; *pp; pp = &(*pp)->next)
		;
	*pp = a;
	emit(s, "fault.arm", json_pack("{s:s, s:s, s:O}", "proc", side_name[sd], "name", info->name,
				       "spec", a->spec));
	dispatch(s, sd, json_pack("{s:s, s:O}", "t", "arm", "spec", a->spec));
}

/* A point fault's window closes: the arm goes, in the harness and the
 * child. */
static void disarm(struct sim *s, size_t entry)
{
	struct arm *a;

	for (a = s->arms; a; a = a->next)
		if (a->entry == entry &&
		    !strcmp(json_string_value(json_object_get(a->spec, "mode")), "p"))
			break;
	if (!a)
		return;
	emit(s, "fault.disarm", json_pack("{s:s, s:s}", "proc", side_name[a->side], "name", a->name));
	dispatch(s, a->side, json_pack("{s:s, s:s}", "t", "disarm", "name", a->name));
	arm_remove(s, a);
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
		struct sev *next = sev_new(SEV_FAULT, AGENT, 0);

		next->fault = ev->fault;
		next->occurrence = ev->occurrence + 1;
		at(s, s->now + WINDOW_TICK, next);
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
		emit(s, !strcmp(mode, "drop") ? "msg.drop" : "msg.held",
		     json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)list[i]->id, "name",
			       list[i]->name, "to", "agent", !strcmp(mode, "drop") ? "why" : "until",
			       !strcmp(mode, "drop") ? "migration" : mode));
		if (!strcmp(mode, "drop")) {
			sev_free(list[i]);
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
static void release_held(struct sim *s)
{
	int64_t t = s->now + (s->held_early ? 0 : seeded(&s->latency, 1 * SEC, 5 * SEC));

	while (s->held) {
		struct sev *m = s->held;

		s->held = m->tnext;
		m->tnext = NULL;
		if (s->held_early) {
			deliver(s, m);
			sev_free(m);
		} else {
			if (t < s->last_arrival[AGENT])
				t = s->last_arrival[AGENT];
			s->last_arrival[AGENT] = t;
			at(s, t, m);
		}
	}
}

static void inject(struct sim *s, struct sev *ev)
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
	emit(s, "fault", json_pack("{s:s, s:o, s:i}", "name", e->fault, "params", params, "line",
				   e->line));
	if (e->kind == SCHED_WINDOW && info->point && e->to_us != SCHED_UNTIL_END) {
		struct sev *close = sev_new(SEV_DISARM, AGENT, 0);

		close->fault = ev->fault;
		at(s, e->to_us, close);
	}
	if (e->kind == SCHED_EVERY) {
		struct sev *next = sev_new(SEV_FAULT, AGENT, 0);

		next->fault = ev->fault;
		next->occurrence = ev->occurrence + 1;
		at(s, s->now + e->t_us, next);
	}
	switch (info->id) {
	case FAULT_AGENT_RESTART:
		if (!s->s[AGENT].proc) {
			skip = "the agent is not running";
			break;
		}
		stop_side(s, AGENT, 1, "stopped");
		at(s, s->now + fault_param_us(e, "outage", seeded(&p, 500 * MS, 5 * SEC)),
		   sev_new(SEV_AGENT_START, AGENT, 0));
		break;
	case FAULT_AGENT_CRASH:
		if (!s->s[AGENT].proc) {
			skip = "the agent is not running";
			break;
		}
		stop_side(s, AGENT, 0, "killed");
		at(s, s->now + fault_param_us(e, "restart_after", seeded(&p, 1 * SEC, 5 * SEC)),
		   sev_new(SEV_AGENT_START, AGENT, 0));
		break;
	case FAULT_DEVICE_POWER_CYCLE:
		if (!s->s[DEVICE].proc) {
			skip = "the device is already off";
			break;
		}
		stop_side(s, DEVICE, 0, "power-off");
		link_set(s, 0);
		at(s, s->now + fault_param_us(e, "off", seeded(&p, 5 * SEC, 60 * SEC)),
		   sev_new(SEV_POWER_ON, DEVICE, 0));
		break;
	case FAULT_POINT:
		arm(s, e, info);
		break;
	case FAULT_AGENT_MIGRATE:
		if (!s->s[AGENT].proc) {
			skip = "the agent is not running";
			break;
		}
		hold_inflight(s, e, &p);
		stop_side(s, AGENT, 1, "migrated");
		/* Another server than the one it leaves. */
		s->server = (s->server + 1 + (int)prng_below(&s->servers, NSERVERS - 1)) % NSERVERS;
		at(s, s->now + fault_param_us(e, "outage", seeded(&p, 0, 5 * SEC)),
		   sev_new(SEV_AGENT_START, AGENT, 0));
		break;
	case FAULT_DEVICE_DISCONNECT:
		s->cuts++;
		link_set(s, 0);
		at(s, s->now + fault_param_us(e, "for", 60 * SEC), sev_new(SEV_LINK_RESTORE, DEVICE, 0));
		break;
	}
	if (skip) {
		/* It was counted as fired when injected; it did not act. */
		json_t *entry = json_object_get(json_object_get(s->coverage, "faults"), e->fault);

		json_object_set_new(entry, "fired",
				    json_integer(json_integer_value(json_object_get(entry, "fired")) - 1));
		emit(s, "fault.skip", json_pack("{s:s, s:s}", "name", e->fault, "why", skip));
	}
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
			dispatch(s, AGENT, json_pack("{s:s, s:b}", "t", "link", "up", 1));
		dispatch(s, AGENT, json_pack("{s:s}", "t", "start"));
		release_held(s);
		break;
	case SEV_POWER_ON:
		if (dev->proc || spawn_side(s, DEVICE) < 0)
			break;
		at(s, s->now + seeded(&s->boot, 1 * SEC, 5 * SEC), sev_new(SEV_CONNECT, DEVICE, dev->inc));
		break;
	case SEV_CONNECT:
		if (!dev->proc || dev->inc != e->inc || s->cuts > 0 || s->link)
			break;
		link_set(s, 1);
		/* Device code starts once the device is online, a moment after
		 * the agent may already have heard of the connection. */
		if (!dev->booted && dev->proc)
			at(s, s->now + seeded(&s->boot, 100 * MS, 2 * SEC), sev_new(SEV_BOOT, DEVICE, dev->inc));
		break;
	case SEV_BOOT:
		if (!dev->proc || dev->inc != e->inc || dev->booted)
			break;
		dev->booted = 1;
		dispatch(s, DEVICE, json_pack("{s:s}", "t", "start"));
		break;
	case SEV_TIMER: {
		struct sev **pp = &s->timers;

		while (*pp && *pp != e)
			pp = &(*pp)->tnext;
		if (*pp)
			*pp = e->tnext;
		if (s->s[e->side].proc && s->s[e->side].inc == e->inc) {
			json_t *f = ids(s, e->side);

			json_object_set_new(f, "id", json_integer((json_int_t)e->id));
			emit(s, "timer.fire", f);
			dispatch(s, e->side, json_pack("{s:s, s:I}", "t", "timer", "id", (json_int_t)e->id));
		}
		break;
	}
	case SEV_DELIVER:
		deliver(s, e);
		break;
	case SEV_FAULT:
		inject(s, e);
		break;
	case SEV_LINK_RESTORE:
		if (--s->cuts == 0 && dev->proc)
			at(s, s->now + seeded(&s->boot, 500 * MS, 3 * SEC),
			   sev_new(SEV_CONNECT, DEVICE, dev->inc));
		break;
	case SEV_DISARM:
		disarm(s, e->fault);
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

/* Decides what the children need for the scenario's fault points: libfiu's
 * POSIX preload (only where a POSIX point may be armed: it slows every
 * malloc, TOOLS.md) and a syncing store (an fsync fault needs the call). */
static int prepare_points(struct sim *s)
{
	const char *preload = getenv("IMPCHAOS_FIU_PRELOAD");
	extern char **environ;
	size_t i, n;
	int sd;

	s->sync_store = s->sc->sync_store;
	for (i = 0; i < s->sc->faults->n; i++) {
		const struct sched_entry *e = &s->sc->faults->v[i];
		const struct fault_info *f = fault_find(e->fault);
		const char *proc = f ? fault_point_proc(e, f) : NULL;

		if (!proc)
			continue;
		if (f->point->posix)
			s->preload[!strcmp(proc, "agent") ? AGENT : DEVICE] = 1;
		if (!strcmp(f->name, "agent/store/fsync"))
			s->sync_store = 1;
	}
	if (!preload)
		preload = "/usr/lib/fiu/fiu_posix_preload.so";
	for (sd = AGENT; sd <= DEVICE; sd++) {
		if (!s->preload[sd])
			continue;
		if (access(preload, R_OK) < 0) {
			sim_fail(s, -EINVAL, "libfiu's POSIX preload is not at '%s' (install libfiu0, "
				 "or set IMPCHAOS_FIU_PRELOAD)", preload);
			return -EINVAL;
		}
		for (n = 0; environ[n]; n++)
			;
		s->env[sd] = calloc(n + 2, sizeof(char *));
		if (!s->env[sd])
			abort();
		for (i = 0, n = 0; environ[i]; i++)
			if (strncmp(environ[i], "LD_PRELOAD=", 11))
				s->env[sd][n++] = environ[i];
		if (asprintf(&s->env[sd][n], "LD_PRELOAD=%s", preload) < 0)
			abort();
	}
	return 0;
}

static void release_points(struct sim *s)
{
	int sd;
	size_t n;

	while (s->arms)
		arm_remove(s, s->arms);
	for (sd = AGENT; sd <= DEVICE; sd++) {
		if (!s->env[sd])
			continue;
		for (n = 0; s->env[sd][n + 1]; n++)
			;
		free(s->env[sd][n]);
		free(s->env[sd]);
	}
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
	if (paths(&s) < 0 || prepare_points(&s) < 0) {
		release_points(&s);
		json_decref(s.coverage);
		return s.rc;
	}
	rc = check_set_new(&s.checks, sc->checks, sc->nchecks, err, errlen);
	if (rc < 0) {
		release_points(&s);
		json_decref(s.coverage);
		return rc;
	}
	snprintf(path, sizeof(path), "%s/trace.jsonl", sc->run_dir);
	rc = trace_open(&s.tr, path);
	if (rc < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(-rc));
		check_set_free(s.checks);
		release_points(&s);
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

	emit(&s, "run.start", run_facts(sc));
	/* Faults first: a point armed "at 0s" is in place before agent_main()
	 * and device_main() run, so a sweep counts their calls too. */
	for (i = 0; i < sc->faults->n; i++) {
		struct sev *e = sev_new(SEV_FAULT, AGENT, 0);

		cover(&s, "faults", sc->faults->v[i].fault, "scheduled");
		e->fault = i;
		at(&s, sc->faults->v[i].t_us, e);
	}
	at(&s, 0, sev_new(SEV_AGENT_START, AGENT, 0));
	at(&s, 0, sev_new(SEV_POWER_ON, DEVICE, 0));
	at(&s, sc->duration_us, sev_new(SEV_END, AGENT, 0));

	while (!s.rc && (it = heap_pop(&s.heap))) {
		struct sev *e = (struct sev *)it;
		int end = e->kind == SEV_END;

		s.now = e->h.t;
		handle(&s, e);
		sev_free(e);
		if (end)
			break;
	}
	stop_side(&s, DEVICE, 1, "stopped");
	stop_side(&s, AGENT, 1, "stopped");
	emit(&s, "run.end", json_pack("{s:I}", "events", (json_int_t)trace_count(s.tr)));

	while ((it = heap_pop(&s.heap)))
		sev_free((struct sev *)it);
	while (s.held) {
		struct sev *m = s.held;

		s.held = m->tnext;
		sev_free(m);
	}
	heap_release(&s.heap);
	release_points(&s);
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
