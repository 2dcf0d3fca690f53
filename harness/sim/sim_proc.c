/*
 * sim_proc.c - the simulation's child processes: starting an agent instance
 * or a device boot (init frame, arms, ready), handing a process one event and
 * taking its effects until "done", stopping it, and what the cloud does when
 * one dies (the platform restarts a crashed agent; a device reboots).
 * Harness side; see sim.c for the loop and sim_int.h for the state.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/proto.h"
#include "forksrv.h"
#include "sim_int.h"

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
	/* Built member by member: json_pack's format parsing costs more than
	 * the object on this path (one per event). */
	json_t *f = json_object();

	json_object_set_new_nocheck(f, "proc", json_string_nocheck(side_name[sd]));
	json_object_set_new_nocheck(f, "inc", json_integer(s->s[sd].inc));
	return f;
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
	if (s->sc->valgrind) {
		/* Memcheck's judgement of this incarnation, however it ended:
		 * the first error in its log (a SIGKILL leaves the ones until
		 * then), else the error exit status of a graceful exit. */
		json_t *first = sim_memcheck_first(s->sc->run_dir, sd, proc_pid(ss->proc));

		if (first)
			json_object_set_new(f, "memcheck", first);
		else if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 99)
			json_object_set_new(f, "memcheck", json_string("errors"));
	}
	sim_emit(s, "proc.exit", f);
	proc_free(ss->proc);
	ss->proc = NULL;
	ss->booted = 0;
	ss->exit_reason = NULL;
	drop_timers(s, sd, ss->inc);
	if (sd == DEVICE) {
		/* Frames that waited for a suspended device die with it. */
		s->suspended = 0;
		json_array_clear(s->deferred);
	}
	if (sd == AGENT)
		sim_http_agent_gone(s);
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


/* A child sent a frame between events (type): the run stops with a protocol
 * error and the child is killed (see unsolicited). */
static void outside_event(struct sim *s, enum side sd, const char *type)
{
	struct side_state *ss = &s->s[sd];

	sim_fail(s, -EPROTO, "the %s (incarnation %d) sent a '%s' frame outside an event handler: "
		 "target code must call the API only from its handlers, never from a thread of its "
		 "own (see %s)", side_name[sd], ss->inc, type, s->log[side_host(sd)]);
	sim_stop_side(s, sd, 0, "protocol-violation");
}

/* Takes a side's effect frames until "done", or until the device's code
 * suspends itself in agent_send() (sim_link.c resumes it). rc is what sending
 * the event frame gave. */
static void collect(struct sim *s, enum side sd, int rc)
{
	struct side_state *ss = &s->s[sd];
	unsigned long effects = 0;
	char perr[256];
	json_t *f;

	while (rc == 0 && (rc = proc_next(ss->proc, &f, perr, sizeof(perr))) == 1) {
		/* The reader hands on objects with a string "t" only. */
		const char *t = proto_type(f);

		rc = 0;
		if (proc_flags(ss->proc) & PROTO_FLAG_OUTSIDE) {
			/* Sent between events: see unsolicited(). */
			outside_event(s, sd, t);
			json_decref(f);
			return;
		}
		if (TYPE_IS(t, "done")) {
			json_decref(f);
			return;
		}
		if (++effects > SIM_EVENT_MAX_EFFECTS) {
			/* The hosts cap messages and logs; this caps the rest
			 * (timers, observations, ...), so the trace stays bounded. */
			json_t *fields = sim_ids(s, sd);

			json_decref(f);
			json_object_set_new(fields, "level", json_string("error"));
			json_object_set_new(fields, "text", json_sprintf("ERROR: effect limit: more than %d "
				"effects in one event (messages, logs, timers, observations, ...): "
				"the %s was stopped", SIM_EVENT_MAX_EFFECTS, side_name[sd]));
			sim_emit(s, "log", fields);
			proc_kill(ss->proc);
			died(s, sd, "effect-limit");
			return;
		}
		int suspend = TYPE_IS(t, "suspend");

		if (TYPE_IS(t, "restart")) {
			const char *why = json_string_value(json_object_get(f, "why"));

			/* A Squirrel error restarts the device with its own wake
			 * reason (schedule_after_death). */
			ss->exit_reason = why && !strcmp(why, "new-code") ? "new-code" :
					  why && !strcmp(why, "squirrel-error") ? "squirrel-error" :
					  "restart";
		} else {
			sim_effect(s, sd, f);
		}
		json_decref(f);
		if (s->rc)
			return;
		if (suspend && s->suspended)
			return;         /* sim_resume() picks up from here */
		if (suspend) {
			/* Online after all: the send goes on at once. */
			json_t *resume = json_pack("{s:s, s:I}", "t", "resume", "now", (json_int_t)s->now);

			rc = proc_send(ss->proc, resume);
			json_decref(resume);
		}
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
	if (rc == -ETIME || rc == -EINTR) {
		/* The run's wall-clock budget is used up, or a signal stops the
		 * harness (sim.c ends the run): nobody restarts the side. */
		proc_kill(ss->proc);
		side_gone(s, sd, rc == -ETIME ? "run-timeout" : "interrupted", proc_status(ss->proc));
		return;
	}
	/* rc is 0 (end of stream) or -EPIPE: the child is gone, crashed in the
	 * handler or restarted itself. */
	if (!proc_exited(ss->proc))
		proc_wait_exit(ss->proc);
	died(s, sd, "died");
}

/* A child that sent something since its last "done" broke the lockstep
 * (target code calling the API from a thread of its own, or writing to the
 * control pipe): the run cannot be a function of its seed any more, so it
 * stops with a protocol error and the child is killed. 1 when it did. What
 * came with the "done" is seen here; what came later is flagged by the
 * child's runtime and seen in collect(). */
static int unsolicited(struct sim *s, enum side sd)
{
	struct side_state *ss = &s->s[sd];
	char type[64];

	if (!proc_unsolicited(ss->proc, type, sizeof(type)))
		return 0;
	outside_event(s, sd, type);
	return 1;
}

/* Hands one event frame (stolen) to a side's process and processes its
 * effects until "done". A suspended device gets it once it is resumed. */
void sim_dispatch(struct sim *s, enum side sd, json_t *frame)
{
	struct side_state *ss = &s->s[sd];
	int rc;

	if (!ss->proc || s->rc) {
		json_decref(frame);
		return;
	}
	if (sd == DEVICE && s->suspended) {
		json_array_append_new(s->deferred, frame);
		return;
	}
	if (unsolicited(s, sd)) {
		json_decref(frame);
		return;
	}
	json_object_set_new(frame, "now", json_integer(s->now));
	rc = proc_send(ss->proc, frame);
	json_decref(frame);
	collect(s, sd, rc);
}

void sim_resume(struct sim *s)
{
	struct side_state *ss = &s->s[DEVICE];
	json_t *resume;

	if (!s->suspended || !ss->proc)
		return;
	s->suspended = 0;
	sim_emit(s, "device.resume", NULL);
	resume = json_pack("{s:s, s:I}", "t", "resume", "now", (json_int_t)s->now);
	collect(s, DEVICE, proc_send(ss->proc, resume));
	json_decref(resume);
	/* What came due while it was suspended runs now, in order. */
	while (!s->rc && !s->suspended && ss->proc && json_array_size(s->deferred)) {
		json_t *f = json_incref(json_array_get(s->deferred, 0));

		json_array_remove(s->deferred, 0);
		sim_dispatch(s, DEVICE, f);
	}
}

/* Memcheck's suppressions, written into the run directory for valgrind
 * to read: libfiu 1.1 keeps a copy of each point's name it never frees
 * (fiu_enable_external, and the preload's own set-up), a definite leak of
 * the harness's, not of the code under test, which every run with a point
 * fault would otherwise report. 0, or -errno. */
static int valgrind_supp(const struct sim *s, char *path, size_t n)
{
	static const char supp[] =
		"{\n   libfiu-keeps-point-names\n   Memcheck:Leak\n"
		"   match-leak-kinds: definite,indirect\n   fun:malloc\n   ...\n"
		"   obj:*/libfiu.so*\n}\n";
	FILE *f;

	snprintf(path, n, "%s/valgrind.supp", s->sc->run_dir);
	if (access(path, R_OK) == 0)
		return 0;
	if (!(f = fopen(path, "w")))
		return -errno;
	fputs(supp, f);
	return fclose(f) == 0 ? 0 : -EIO;
}

/* Starts a new process for a side and waits for it to load the target. */
int sim_spawn(struct sim *s, enum side sd)
{
	struct side_state *ss = &s->s[sd];
	const struct target *t = s->sc->target;
	/* The code generation this process runs: the cloud's latest for an
	 * agent, what the device has downloaded for a device. */
	int gen = sd == AGENT ? s->deploys : s->dev_code;
	char *so = sim_code_so(s, sd, gen);
	char vglog[PATH_MAX + 32], vglogopt[PATH_MAX + 64], vgsupp[PATH_MAX + 32];
	char vgsuppopt[PATH_MAX + 64];
	char *vgargv[] = {
		(char *)"valgrind", (char *)"--quiet", (char *)"--error-exitcode=99",
		(char *)"--leak-check=full", (char *)"--errors-for-leak-kinds=definite,indirect",
		/* Without this, memcheck's malloc replaces libfiu's wrapper and
		 * malloc faults silently never fire. */
		(char *)"--soname-synonyms=somalloc=nouserintercepts",
		vgsuppopt, vglogopt, s->exe[sd], (char *)"--target", so, NULL, NULL,
	};
	double watchdog = s->sc->watchdog_s;
	char perr[512];
	json_t *init, *f = NULL;
	int rc;

	ss->inc++;
	/* Agent incarnations stay unique when agent/duplicate kept an older
	 * instance and left the newest number in the stale slot (sim_dup.c). */
	if (sd == AGENT && ss->inc <= s->s[AGENT_STALE].inc)
		ss->inc = s->s[AGENT_STALE].inc + 1;
	ss->booted = 0;
	if (s->sc->valgrind) {
		/* The log name carries the PID, which never reaches the trace. */
		snprintf(vglog, sizeof(vglog), "%s/valgrind.%s.%%p.log", s->sc->run_dir, side_name[sd]);
		snprintf(vglogopt, sizeof(vglogopt), "--log-file=%s", vglog);
		if ((rc = valgrind_supp(s, vgsupp, sizeof(vgsupp))) < 0) {
			sim_fail(s, -EIO, "cannot write '%s': %s", vgsupp, strerror(-rc));
			return rc;
		}
		snprintf(vgsuppopt, sizeof(vgsuppopt), "--suppressions=%s", vgsupp);
		if (getenv("IMPCHAOS_VALGRIND_NO_SONAME"))
			vgargv[5] = (char *)"--quiet";
		watchdog = watchdog * 10 + 10;
		rc = proc_spawn(&ss->proc, s->valgrind, vgargv, s->env[sd], s->log[sd], watchdog, perr,
				sizeof(perr));
	} else {
		/* A fork of a host that has loaded its libraries once. With
		 * libfiu's POSIX preload (LD_PRELOAD in s->env) the server is
		 * started with it loaded, and its forks inherit the wrappers;
		 * no point is enabled in the server, so each host starts with
		 * none, as an exec'd one would. */
		rc = s->srv[sd] ? 0 : forksrv_start(&s->srv[sd], s->exe[sd], s->env[sd], s->log[sd],
						     perr, sizeof(perr));
		if (rc == 0)
			rc = proc_spawn_forked(&ss->proc, s->srv[sd], so, watchdog, perr,
					       sizeof(perr));
	}
	if (rc == -EMFILE || rc == -ENFILE || rc == -EAGAIN || rc == -ENOMEM) {
		/* The machine's limits (open files, processes, memory), not the
		 * build: the run could not run here (exit 3). */
		sim_fail(s, rc, "%s (a limit of this machine or user: see 'ulimit -n' and "
			 "'ulimit -u')", perr);
		return rc;
	}
	if (rc < 0) {
		sim_fail(s, -EIO, "%s (is the build complete? run 'make')", perr);
		return rc;
	}
	init = json_pack("{s:s, s:I, s:I, s:i, s:I}", "t", "init", "now", (json_int_t)s->now,
			 "seed", (json_int_t)s->sc->seed, "inc", ss->inc, "epoch",
			 (json_int_t)s->sc->start_s);
	json_object_set_new(init, "arm", sim_arms_of(s, sd));
	if (sd == AGENT) {
		json_object_set_new(init, "store", json_string(s->store));
		json_object_set_new(init, "sync", json_boolean(s->sync_store));
		json_object_set_new(init, "mem_quota", json_integer((json_int_t)s->sc->agent_mem_quota));
		json_object_set_new(init, "sq_mem_quota", json_integer(t->sq_mem_agent));
	} else {
		json_object_set(init, "workload", t->workload);
		json_object_set_new(init, "trace_sensors", check_sensors(s->sc->checks, s->sc->nchecks));
		/* Developers hit a limit of about 20 timers on devices
		 * (ARCHITECTURE.md, "The platform it emulates"); agents have no documented one. */
		json_object_set_new(init, "timer_limit", json_integer(DEVICE_TIMER_LIMIT));
		json_object_set_new(init, "mem_quota", json_integer((json_int_t)s->sc->device_mem_quota));
		json_object_set_new(init, "sq_mem_quota", json_integer(t->sq_mem_device));
		json_object_set_new(init, "wakereason", json_integer(s->wakereason));
		if (s->nv && s->wakereason == WAKEREASON_TIMER)
			json_object_set(init, "nv", s->nv);
		/* Only deep sleep keeps nv; whatever ends this boot says why the
		 * next one happens (schedule_after_death). */
		json_decref(s->nv);
		s->nv = NULL;
		s->wakereason = WAKEREASON_POWER_ON;
		sim_link_boot(s);
	}
	s->code_gen[sd] = gen;
	rc = proc_send(ss->proc, init);
	json_decref(init);
	/* The proc.start goes first, so that a death while starting (an
	 * unscoped fault point armed in the init frame) reads as a start and
	 * an exit in the trace. */
	{
		json_t *fields = sim_ids(s, sd);

		/* Every agent instance runs on a named server (the platform: a
		 * migration moves it to another). */
		if (sd == AGENT)
			json_object_set_new(fields, "server", json_string(server_name[s->server]));
		json_object_set_new(fields, "version", json_integer(sim_code_version(s, gen)));
		if (gen > 0)
			json_object_set_new(fields, "deploy", json_integer(gen));
		sim_emit(s, "proc.start", fields);
	}
	while (rc == 0 && (rc = proc_next(ss->proc, &f, perr, sizeof(perr))) == 1) {
		const char *type = proto_type(f);

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
		sim_effect(s, sd, f);
		json_decref(f);
		f = NULL;
		rc = s->rc;
	}
	if (rc == -ETIME || rc == -EINTR) {
		proc_kill(ss->proc);
		side_gone(s, sd, rc == -ETIME ? "run-timeout" : "interrupted", proc_status(ss->proc));
		return rc;
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

void sim_forksrv_stop(struct sim *s)
{
	int sd;

	for (sd = AGENT; sd <= DEVICE; sd++) {
		forksrv_stop(s->srv[sd]);
		s->srv[sd] = NULL;
	}
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
	/* Nobody restarts a stale duplicate: the cloud believes it is gone. */
	if (sd == AGENT_STALE)
		return;
	if (sd == AGENT) {
		/* The platform restarts a crashed or restarting agent within seconds. */
		sim_at(s, s->now + prng_range(&s->restart, 1 * SEC, 5 * SEC), sim_sev_new(SEV_AGENT_START, AGENT, 0));
		return;
	}
	/* A device whose code crashed, called server_restart(), took new code or
	 * went to sleep boots again; its connection closed with it. */
	sim_link_down(s, 0, 0);
	if (!strcmp(how, "sleep")) {
		s->wakereason = WAKEREASON_TIMER;
		sim_at(s, s->now + s->sleep_us, sim_sev_new(SEV_POWER_ON, DEVICE, 0));
		return;
	}
	json_decref(s->nv);
	s->nv = NULL;
	s->wakereason = !strcmp(how, "restart") ? WAKEREASON_SW_RESET :
			!strcmp(how, "new-code") ? WAKEREASON_NEW_SQUIRREL : WAKEREASON_SQUIRREL_ERROR;
	sim_at(s, s->now + prng_range(&s->restart, 1 * SEC, 5 * SEC), sim_sev_new(SEV_POWER_ON, DEVICE, 0));
}

/* ---- the cloud model ---- */
