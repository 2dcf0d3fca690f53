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
 *   UP --[duplicate fault: sim_dup_start]--> DOWN, the process left running
 *   in the AGENT_STALE slot until SEV_DUP_END (sim_dup.c)
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

#include "faults/catalog.h"
#include "checks/check.h"
#include "core/duration.h"
#include "core/heap.h"
#include "core/jpool.h"
#include "core/prng.h"
#include "core/utc.h"
#include "home.h"
#include "proc.h"

const char *const side_name[NSIDES] = { "agent", "device", "agent" };
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
 * Campaigns add these up ("fault coverage", ARCHITECTURE.md). */
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
	/* A count made is counted on in place (coverage is this run's own). */
	if (json_is_integer(n))
		json_integer_set(n, json_integer_value(n) + 1);
	else
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

static void handle(struct sim *s, struct sev *e)
{
	struct side_state *dev = &s->s[DEVICE];

	switch (e->kind) {
	case SEV_AGENT_START:
		if (s->s[AGENT].proc || sim_spawn(s, AGENT) < 0)
			break;
		/* The new instance learns whether its device is connected (as far
		 * as the cloud knows) before its code runs, so device_isconnected()
		 * is right in agent_main(). */
		if (s->agent_view)
			sim_dispatch(s, AGENT, json_pack("{s:s, s:b}", "t", "link", "up", 1));
		sim_dispatch(s, AGENT, json_pack("{s:s}", "t", "start"));
		sim_release_held(s);
		break;
	case SEV_POWER_ON:
		if (dev->proc || sim_spawn(s, DEVICE) < 0)
			break;
		sim_at(s, s->now + prng_range(&s->boot, 1 * SEC, 5 * SEC), sim_sev_new(SEV_CONNECT, DEVICE, dev->inc));
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

			json_object_set_new_nocheck(f, "id", json_integer((json_int_t)e->id));
			sim_emit(s, "timer.fire", f);
			/* Member by member: json_pack parses its format per call. */
			f = json_object();
			json_object_set_new_nocheck(f, "t", json_string_nocheck("timer"));
			json_object_set_new_nocheck(f, "id", json_integer((json_int_t)e->id));
			sim_dispatch(s, e->side, f);
		}
		break;
	}
	case SEV_DELIVER:
		sim_deliver(s, e);
		break;
	case SEV_FAULT:
		sim_inject(s, e);
		break;
	case SEV_CONNECT:
	case SEV_LINK_RESTORE:
	case SEV_DETECT:
	case SEV_CUT:
	case SEV_DISCONNECT:
	case SEV_CONNECT_RESULT:
		sim_link_event(s, e);
		break;
	case SEV_SHUTDOWN:
		sim_shutdown_event(s, e);
		break;
	case SEV_REDIRECT:
		sim_redirect_event(s, e);
		break;
	case SEV_DISARM:
		sim_disarm(s, e->fault);
		break;
	case SEV_DUP_END:
		sim_dup_end(s, e);
		break;
	case SEV_HTTP:
		sim_http_event(s, e);
		break;
	case SEV_HTTP_OUT:
		sim_httpout_event(s, e);
		break;
	case SEV_END:
		break;
	}
}

static void sink(const struct trace_event *e, void *ud)
{
	struct sim *s = ud;
	size_t failed;

	if (!s->sc->observe) {
		check_set_trace_event(s->checks, e);
		return;
	}
	failed = check_set_nfailed(s->checks);
	check_set_trace_event(s->checks, e);
	s->sc->observe(e->line, check_set_nfailed(s->checks) > failed, s->sc->observe_ud);
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
	const char *hosts = impchaos_host_dir(), *dir = s->sc->run_dir;

	if ((size_t)snprintf(s->exe[AGENT], PATH_MAX, "%s/imp-agent", hosts) >= PATH_MAX ||
	    (size_t)snprintf(s->exe[DEVICE], PATH_MAX, "%s/imp-device", hosts) >= PATH_MAX ||
	    (size_t)snprintf(s->log[AGENT], PATH_MAX, "%s/agent.log", dir) >= PATH_MAX ||
	    (size_t)snprintf(s->log[DEVICE], PATH_MAX, "%s/device.log", dir) >= PATH_MAX) {
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
	json_t *facts;

	duration_format(sc->duration_us, dur, sizeof(dur));
	facts = json_pack("{s:s, s:s, s:I, s:s, s:o}", "target", sc->target->name, "variant",
			  sc->target->variant, "seed", (json_int_t)sc->seed, "duration", dur,
			  "faults", faults);
	if (sc->start_given) {
		/* Only a chosen start is recorded: runs on the default clock
		 * keep the traces (and hashes) they always had. */
		char start[32];

		utc_format(sc->start_s, start, sizeof(start));
		json_object_set_new(facts, "start", json_string(start));
	}
	return facts;
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
	/* Each trace line makes and frees some 25 small jansson blocks. */
	jpool_install();
	if (paths(&s) < 0 || sim_prepare_points(&s) < 0 || sim_store_open(&s) < 0) {
		sim_release_points(&s);
		json_decref(s.coverage);
		return s.rc;
	}
	rc = check_set_new(&s.checks, sc->checks, sc->nchecks, err, errlen);
	if (rc < 0) {
		sim_store_close(&s);
		sim_release_points(&s);
		json_decref(s.coverage);
		return rc;
	}
	snprintf(path, sizeof(path), "%s/trace.jsonl", sc->run_dir);
	rc = trace_open(&s.tr, path);
	if (rc < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(-rc));
		sim_store_close(&s);
		check_set_free(s.checks);
		sim_release_points(&s);
		json_decref(s.coverage);
		return -EIO;
	}
	trace_set_sink(s.tr, sink, &s, s.sc->observe ? TRACE_SINK_ORDERED : 0);
	heap_init(&s.heap);
	prng_init(&s.latency, sc->seed, "link/latency");
	prng_init(&s.boot, sc->seed, "device/boot");
	prng_init(&s.restart, sc->seed, "cloud/restart");
	prng_init(&s.servers, sc->seed, "cloud/servers");
	prng_init(&s.detect, sc->seed, "link/detect");
	s.server = (int)prng_below(&s.servers, NSERVERS);
	s.dev_server = s.redirect_to = -1;
	s.deferred = json_array();

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
	sim_http_start(&s);
	sim_httpout_start(&s);

	if ((rc = proc_loop_ready()) < 0)
		sim_fail(&s, rc, "cannot start the event loop: %s (raise the open files "
			 "limit: ulimit -n)", strerror(-rc));
	else
		proc_set_run_budget(sc->run_timeout_s);
	proc_catch_stop_signals();
	while (!s.rc && !proc_stop_signal() && (it = heap_pop(&s.heap))) {
		struct sev *e = (struct sev *)it;
		int end = e->kind == SEV_END;

		s.now = e->h.t;
		handle(&s, e);
		sim_sev_free(e);
		if (end)
			break;
		if (sc->stop_at_failure && !s.rc &&
		    (sc->stop_on ? check_set_failed(s.checks, sc->stop_on)
		     : check_set_nfailed(s.checks) > 0)) {
			/* Its checkers have judged the event and its trace line
			 * is written: the rest of the run would only add to a
			 * failure already found. The checks see run.stop and do
			 * not judge the end this run did not get to. */
			sim_emit(&s, "run.stop", json_pack("{s:s}", "reason",
							   "stopped at the first failure"));
			res->stopped_at_failure = 1;
			break;
		}
		if (proc_run_expired()) {
			/* The wall-clock budget is used up: the run ends here,
			 * and no-hang says so. Only such a run has this event, so
			 * the traces of the others do not change. */
			sim_emit(&s, "run.timeout", json_pack("{s:f}", "budget_s", sc->run_timeout_s));
			res->run_timeout_s = sc->run_timeout_s;
			break;
		}
	}
	/* Stopping the children gets their own watchdogs, not what is left of
	 * the budget. */
	proc_set_run_budget(0);
	if (proc_stop_signal()) {
		/* The handler killed the children; the trace gets its end. */
		int sig = proc_stop_signal();

		sim_emit(&s, "run.interrupted", json_pack("{s:s}", "signal", sigabbrev_np(sig) ?: "?"));
		sim_stop_side(&s, DEVICE, 0, "interrupted");
		sim_stop_side(&s, AGENT, 0, "interrupted");
		sim_stop_side(&s, AGENT_STALE, 0, "interrupted");
		sim_fail(&s, -EINTR, "interrupted by SIG%s: the children were stopped; the trace up "
			 "to here is in %s/trace.jsonl", sigabbrev_np(sig) ?: "?", sc->run_dir);
	} else {
		sim_stop_side(&s, DEVICE, 1, "stopped");
		sim_stop_side(&s, AGENT, 1, "stopped");
		sim_stop_side(&s, AGENT_STALE, 1, "stopped");
	}
	proc_restore_stop_signals();
	/* The children are gone: the store goes to the run directory. */
	sim_forksrv_stop(&s);
	sim_store_close(&s);
	sim_emit(&s, "run.end", json_pack("{s:I}", "events", (json_int_t)trace_count(s.tr)));

	while ((it = heap_pop(&s.heap)))
		sim_sev_free((struct sev *)it);
	while (s.held) {
		struct sev *m = s.held;

		s.held = m->tnext;
		sim_sev_free(m);
	}
	heap_release(&s.heap);
	json_decref(s.deferred);
	json_decref(s.nv);
	json_decref(s.saved[0]);
	json_decref(s.saved[1]);
	for (i = 0; i < NSIDES; i++) {
		json_decref(s.named[0][i]);
		json_decref(s.named[1][i]);
	}
	sim_http_release(&s);
	sim_httpout_release(&s);
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
