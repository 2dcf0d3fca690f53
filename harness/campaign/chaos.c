/*
 * chaos.c - chaos campaigns (see chaos.h): the job pool and its stop.
 *
 * DESIGN
 * The campaign is a job pool. Every job is a child process running an
 * impchaos command line: `run` for a seed (its schedule drawn by
 * chaos_draw.c), `replay` for a determinism re-check, `shrink` for a
 * failure. The command gives the pool its own dispatch (opts.job_main),
 * and each job is then a fork of this process that runs the command line
 * as the binary would, which saves each run the binary's start: exec, the
 * dynamic loader and libc's start-up (chaos_job.c). Without it each job
 * is the binary, started with posix_spawn. Shrinks start once every run
 * and re-check has ended, when the failures are grouped by signature (chaos_group.c): by default one per
 * group, within --shrink-budget. Children are waited for with waitpid();
 * nothing in this process runs a simulation, so no libev loop competes
 * for the children. Results come back through the run directories
 * (verdict.json, reproducer.json), not through pipes: a campaign that dies
 * half-way leaves every finished run readable. Wall-clock time is read here only to honour the budget,
 * to print progress and to bound a stop; it never reaches a run.
 *
 * Each job leads a process group of its own (with the agent and device it
 * starts), so a Ctrl-C at the terminal reaches this process alone, and a
 * stop can kill a job with everything it started. A stop:
 *
 *   running --SIGINT/SIGTERM--> draining --all ended--> written
 *              [on_signal]        |   no new runs or follow-ups; the jobs
 *                                 |   in flight finish, or are killed
 *                                 |   after stop_grace_s [kill_jobs]
 *                                 +--second signal--> killing at once
 *   running --budget used up--> draining (the same) [check_budget]
 *
 * and campaign.json and the report are written from what finished either
 * way. A one-second interval timer (SIGALRM) wakes waitpid() so that the
 * stop bound and progress lines do not wait for a child to end.
 */
#include "chaos_int.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xxhash.h>

#include "core/afile.h"
#include "faults/catalog.h"
#include "reports/report.h"
#include "sim/run.h"
#include "sim/target.h"

/* How long jobs in flight get to finish after the first signal. */
#define STOP_GRACE_S 10.0

/* Set by the signal handlers, read by the loop. */
static volatile sig_atomic_t got_signal, signal_count;

static void on_signal(int sig)
{
	if (!got_signal)
		got_signal = sig;
	signal_count++;
}

/* Only interrupts waitpid(). */
static void on_alarm(int sig)
{
	(void)sig;
}

struct saved_signals {
	struct sigaction intr, term, alrm;
};

/* Installs the handlers, without SA_RESTART so that waitpid() returns. */
static void signals_catch(struct saved_signals *old)
{
	struct sigaction sa;
	struct itimerval tick = { { 1, 0 }, { 1, 0 } };

	got_signal = signal_count = 0;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &old->intr);
	sigaction(SIGTERM, &sa, &old->term);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, &old->alrm);
	setitimer(ITIMER_REAL, &tick, NULL);
}

static void signals_restore(const struct saved_signals *old)
{
	struct itimerval off = { { 0, 0 }, { 0, 0 } };

	setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGALRM, &old->alrm, NULL);
	sigaction(SIGTERM, &old->term, NULL);
	sigaction(SIGINT, &old->intr, NULL);
}

static void add_job(struct campaign *c, pid_t pid, enum job_kind kind, size_t run)
{
	int i;

	for (i = 0; i < c->o->jobs; i++)
		if (!c->jobs[i].pid) {
			c->jobs[i] = (struct job){ pid, kind, run };
			c->active++;
			return;
		}
	abort();
}

/* The job slot the next job will take: its CPU when runs are pinned. */
static int free_slot(const struct campaign *c)
{
	int i;

	for (i = 0; i < c->o->jobs; i++)
		if (!c->jobs[i].pid)
			return i;
	return 0;
}

/* Kills every job in flight with everything it started. */
static void kill_jobs(struct campaign *c)
{
	int i;

	c->killing = 1;
	for (i = 0; i < c->o->jobs; i++)
		if (c->jobs[i].pid)
			kill(-c->jobs[i].pid, SIGKILL);
}

static int start_run(struct campaign *c, size_t ti, uint64_t seed, char *err, size_t errlen)
{
	const char *target = c->targets[ti];
	struct run_rec *r;
	char seedbuf[32], path[4200], log[4300], *p;
	struct chaos_drawn d;
	pid_t pid;
	int rc;

	if (c->nruns == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->runs = realloc(c->runs, c->cap * sizeof(*c->runs));
		if (!c->runs)
			abort();
	}
	r = &c->runs[c->nruns];
	memset(r, 0, sizeof(*r));
	r->target = target;
	r->seed = seed;
	snprintf(r->dir, sizeof(r->dir), "runs/%s-s%llu", target, (unsigned long long)seed);
	for (p = r->dir + 5; *p; p++)
		if (*p == '/')
			*p = '-';
	if ((rc = chaos_draw(c, ti, seed, &d, err, errlen)) < 0)
		return rc;
	snprintf(seedbuf, sizeof(seedbuf), "%llu", (unsigned long long)seed);
	snprintf(path, sizeof(path), "%s/%s", c->o->out_dir, r->dir);
	snprintf(log, sizeof(log), "%s.out", path);
	{
		char cpu[16], amem[32], dmem[32];
		/* The campaign writes one report of all runs at the end, and
		 * owns its directory: a run there from an earlier campaign of
		 * the same seed is replaced (--force). */
		char *argv[24] = { c->bin, (char *)"run", (char *)target, (char *)"--seed", seedbuf,
				   (char *)"--for", d.duration, (char *)"--faults", d.faults,
				   (char *)"--out", path, (char *)"--no-report", (char *)"--force",
				   (char *)"--start", d.start };
		int n = 15;

		if (c->o->pin) {
			snprintf(cpu, sizeof(cpu), "%ld", free_slot(c) % sysconf(_SC_NPROCESSORS_ONLN));
			argv[n++] = (char *)"--cpu";
			argv[n++] = cpu;
		}
		if (c->o->agent_mem_quota) {
			snprintf(amem, sizeof(amem), "%lld", c->o->agent_mem_quota);
			argv[n++] = (char *)"--agent-memory";
			argv[n++] = amem;
		}
		if (c->o->device_mem_quota) {
			snprintf(dmem, sizeof(dmem), "%lld", c->o->device_mem_quota);
			argv[n++] = (char *)"--device-memory";
			argv[n++] = dmem;
		}
		/* Its scenario.json and replay command carry --valgrind, so a
		 * re-check, a shrink and the reproducer run under it too. */
		if ((r->valgrind = chaos_valgrind_chosen(target, seed, c->o->valgrind_sample)))
			argv[n++] = (char *)"--valgrind";
		if (!c->o->full_runs)
			argv[n++] = (char *)"--stop-at-failure";
		argv[n] = NULL;
		rc = chaos_spawn_job(c, argv, log, &pid);
	}
	free(d.faults);
	if (rc < 0) {
		snprintf(err, errlen, "cannot start '%s': %s", c->bin, strerror(-rc));
		return rc;
	}
	add_job(c, pid, JOB_RUN, c->nruns++);
	return 0;
}

static void start_followup(struct campaign *c, size_t i, enum job_kind kind)
{
	struct run_rec *r = &c->runs[i];
	char path[4200], log[4300];
	pid_t pid;
	char *argv[] = { c->bin, (char *)(kind == JOB_RECHECK ? "replay" : "shrink"), path, NULL };

	/* A stopped campaign starts nothing new, and one past its budget no
	 * re-check: --budget bounds the runs, --shrink-budget the shrinking
	 * that follows them. */
	if (got_signal || (c->budget_over && kind == JOB_RECHECK)) {
		if (kind == JOB_SHRINK) {
			r->unshrunk_why = "the campaign was stopped";
			chaos_groups_shrunk(c, i);
		}
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", c->o->out_dir, r->dir);
	snprintf(log, sizeof(log), "%s.%s.out", path, kind == JOB_RECHECK ? "replay" : "shrink");
	if (chaos_spawn_job(c, argv, log, &pid) < 0) {
		r->error = 1;
		r->why = strdup(kind == JOB_RECHECK ? "its re-check could not start"
				: "its shrinking could not start");
		c->sum->errors++;
		if (kind == JOB_SHRINK) {
			r->unshrunk_why = "its shrinking could not start";
			chaos_groups_shrunk(c, i);
		}
		return;
	}
	add_job(c, pid, kind, i);
}

int chaos_valgrind_chosen(const char *target, uint64_t seed, double share)
{
	/* Salted apart from the re-check's choice, which is independent. */
	uint64_t h = XXH64(target, strlen(target), seed ^ 0x76616c6772696e64ULL);

	return share > 0 && (double)(h % 1000000) / 1e6 < share;
}

/* Deterministic choice of the runs to execute twice, from (target, seed). */
static int chosen_for_recheck(const struct campaign *c, const struct run_rec *r)
{
	uint64_t h = XXH64(r->target, strlen(r->target), r->seed);

	return (double)(h % 1000000) / 1e6 < c->o->recheck_share;
}

/* The first line a job printed (its error, when it could not run), or
 * NULL. malloc'd. */
static char *first_line(const char *log)
{
	FILE *f = fopen(log, "r");
	char *line = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	/* A warning (a directory of IMPCHAOS_TARGET_PATH that does not exist)
	 * is not the reason. */
	while (getline(&line, &len, f) >= 0)
		if (strncmp(line, "impchaos: warning: ", 19)) {
			line[strcspn(line, "\n")] = '\0';
			fclose(f);
			return line;
		}
	free(line);
	fclose(f);
	return NULL;
}

/* Reads the verdict of a run that ended with code; a run that left none is
 * one that could not run. */
static void run_finished(struct campaign *c, size_t i, int code)
{
	struct run_rec *r = &c->runs[i];
	char path[4300];
	json_t *v, *inv;
	size_t k;

	snprintf(path, sizeof(path), "%s/%s/scenario.json", c->o->out_dir, r->dir);
	r->has_dir = access(path, F_OK) == 0;
	snprintf(path, sizeof(path), "%s/%s/verdict.json", c->o->out_dir, r->dir);
	v = json_load_file(path, 0, NULL);
	if ((code != 0 && code != 1) || !v) {
		snprintf(path, sizeof(path), "%s/%s.out", c->o->out_dir, r->dir);
		r->error = 1;
		r->why = first_line(path);
		c->sum->errors++;
		json_decref(v);
		return;
	}
	chaos_add_coverage(c->coverage, json_object_get(v, "coverage"));
	json_array_foreach(json_object_get(v, "invariants"), k, inv) {
		if (json_is_true(json_object_get(inv, "ok")))
			continue;
		r->failed = 1;
		r->failures = r->failures ? r->failures : strdup("");
		r->failures = realloc(r->failures, strlen(r->failures) + 256);
		snprintf(r->failures + strlen(r->failures), 256, "%s%s", r->failures[0] ? "," : "",
			 json_string_value(json_object_get(inv, "invariant")));
	}
	c->sum->failed += r->failed;
	json_decref(v);
}

/* With --keep failing (the default), a run that held and whose re-check
 * (if any) agreed keeps its verdict and scenario but not its trace, the
 * bulk of a campaign's disk: `impchaos replay` makes it again. Its
 * verdict.json says so ("trace_kept": false) for the report. */
static void prune(struct campaign *c, const struct run_rec *r)
{
	char path[4300];
	json_t *v;

	if (c->o->keep_all || r->failed || r->error || r->mismatch || !r->has_dir)
		return;
	snprintf(path, sizeof(path), "%s/%s/trace.jsonl", c->o->out_dir, r->dir);
	remove(path);
	snprintf(path, sizeof(path), "%s/%s/replay/trace.jsonl", c->o->out_dir, r->dir);
	remove(path);
	snprintf(path, sizeof(path), "%s/%s/verdict.json", c->o->out_dir, r->dir);
	if (!(v = json_load_file(path, 0, NULL)))
		return;
	json_object_set_new(v, "trace_kept", json_false());
	afile_write_json(path, v, JSON_INDENT(2), 0);
	json_decref(v);
}

static void finished(struct campaign *c, struct job *j, int status)
{
	struct run_rec *r = &c->runs[j->run];
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;

	/* A job the stop killed is neither a result nor an error. */
	if (c->killing && WIFSIGNALED(status)) {
		if (j->kind == JOB_RUN) {
			r->done = r->stopped = 1;
			c->sum->stopped++;
		}
		return;
	}
	if (j->kind == JOB_RUN) {
		r->done = 1;
		run_finished(c, j->run, code);
		c->sum->runs++;
		c->sum->valgrind_runs += r->valgrind;
		if (!r->error && chosen_for_recheck(c, r)) {
			r->recheck = 1;
			start_followup(c, j->run, JOB_RECHECK);
		} else {
			prune(c, r);
		}
	} else if (j->kind == JOB_RECHECK) {
		c->sum->rechecked++;
		if (code == 1) {
			r->mismatch = 1;
			c->sum->mismatches++;
		} else if (code != 0) {
			r->error = 1;
			r->why = strdup("its determinism re-check could not run");
			c->sum->errors++;
		}
		prune(c, r);
	} else {
		char rpath[4300];

		snprintf(rpath, sizeof(rpath), "%s/%s/reproducer.json", c->o->out_dir, r->dir);
		r->reproducer = code == 0 ? json_load_file(rpath, 0, NULL) : NULL;
		r->shrunk = r->reproducer != NULL;
		c->sum->shrunk += r->shrunk;
		chaos_groups_shrunk(c, j->run);
	}
}

/* Waits for one job to end, or for a signal (the timer's, each second).
 * 0, or -ECHILD when there is nothing to wait for. */
static int wait_one(struct campaign *c)
{
	int status, i;
	pid_t pid = waitpid(-1, &status, 0);

	if (pid < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < c->o->jobs; i++)
		if (c->jobs[i].pid == pid) {
			struct job j = c->jobs[i];

			c->jobs[i].pid = 0;
			c->active--;
			finished(c, &j, status);
			return 0;
		}
	return 0;
}

/* Reacts to a stop: the first signal stops new runs and starts the
 * grace; its end or a second signal kills what is still running. */
static void check_stop(struct campaign *c, double *deadline)
{
	double grace = c->o->stop_grace_s > 0 ? c->o->stop_grace_s : STOP_GRACE_S;

	if (!got_signal)
		return;
	if (!c->stop_sig) {
		c->stop_sig = got_signal;
		*deadline = chaos_now() + grace;
		if (c->o->progress)
			fprintf(stderr, "\nchaos: stopping (%s): no new runs; waiting up to %.0fs for "
				"the %d in flight (a second signal stops at once)\n",
				got_signal == SIGINT ? "SIGINT" : "SIGTERM", grace, c->active);
	}
	if (!c->killing && c->active && (signal_count > 1 || chaos_now() >= *deadline))
		kill_jobs(c);
}

/* Starts shrinks while job slots are free; once --shrink-budget is spent,
 * kills those running (their groups are recorded unshrunk) and starts no
 * more. */
static void shrink_more(struct campaign *c)
{
	long i;
	int k;

	if (c->o->shrink_budget_s > 0 && !c->shrink_budget_spent &&
	    chaos_now() - c->shrink_start >= c->o->shrink_budget_s) {
		c->shrink_budget_spent = 1;
		for (k = 0; k < c->o->jobs; k++)
			if (c->jobs[k].pid && c->jobs[k].kind == JOB_SHRINK) {
				c->runs[c->jobs[k].run].unshrunk_why = "the shrink budget was spent";
				kill(-c->jobs[k].pid, SIGKILL);
			}
	}
	while (!c->shrink_budget_spent && !c->stop_sig && c->active < c->o->jobs &&
	       (i = chaos_groups_next(c)) >= 0)
		start_followup(c, (size_t)i, JOB_SHRINK);
}

/* Reacts to the end of the budget as to a stop: no new runs or follow-ups,
 * and what is in flight gets the stop grace, then is killed (a run that
 * hangs would otherwise hold the campaign for its whole run timeout). */
static void check_budget(struct campaign *c, double *deadline)
{
	double grace = c->o->stop_grace_s > 0 ? c->o->stop_grace_s : STOP_GRACE_S;

	if (c->grouped || c->o->budget_s <= 0 || chaos_now() - c->start < c->o->budget_s)
		return;   /* the shrink phase has its own budget */
	if (!c->budget_over) {
		c->budget_over = 1;
		*deadline = chaos_now() + grace;
		if (c->o->progress && c->active)
			fprintf(stderr, "\nchaos: budget used up: no new runs; waiting up to %.0fs for "
				"the %d in flight\n", grace, c->active);
	}
	if (!c->killing && c->active && chaos_now() >= *deadline)
		kill_jobs(c);
}

/* The faults chaos never draws for target t: those its manifest lists
 * under "chaos_exclude", and those it gives nothing to act on (an http/out
 * fault for a target that declares no endpoints). A new reference. */
static json_t *chaos_exclusions(const struct target *t)
{
	json_t *ex = json_deep_copy(t->chaos_exclude);
	const struct fault_info *f;

	for (f = fault_catalog(); f->name; f++)
		if (!target_provides(t, fault_requires(f)))
			json_array_append_new(ex, json_string(f->name));
	return ex;
}

static int resolve_targets(struct campaign *c, char *err, size_t errlen)
{
	json_t *list = NULL;
	size_t i, n;

	if (c->o->ntargets) {
		n = c->o->ntargets;
	} else {
		list = target_list();
		n = json_array_size(list);
	}
	c->targets = calloc(n + 1, sizeof(char *));
	c->exclude = calloc(n + 1, sizeof(json_t *));
	c->duration_us = calloc(n + 1, sizeof(int64_t));
	for (i = 0; i < n; i++) {
		const char *name = list ? json_string_value(json_object_get(json_array_get(list, i),
									  "target")) : c->o->targets[i];
		struct target *t;

		if (list && json_object_get(json_array_get(list, i), "error"))
			continue;
		if (target_find(name, &t, err, errlen) < 0) {
			json_decref(list);
			return -EINVAL;
		}
		c->exclude[c->ntargets] = chaos_exclusions(t);
		c->duration_us[c->ntargets] = t->duration_us;
		c->targets[c->ntargets++] = strdup(name);
		target_free(t);
	}
	json_decref(list);
	if (!c->ntargets) {
		snprintf(err, errlen, "no targets found (run 'make', or set IMPCHAOS_TARGET_PATH)");
		return -EINVAL;
	}
	return 0;
}

static void campaign_release(struct campaign *c)
{
	size_t k;

	for (k = 0; k < c->nruns; k++) {
		free(c->runs[k].failures);
		free(c->runs[k].why);
		free(c->runs[k].signature);
		json_decref(c->runs[k].reproducer);
	}
	free(c->runs);
	for (k = 0; k < c->ntargets; k++) {
		free(c->targets[k]);
		json_decref(c->exclude[k]);
	}
	free(c->targets);
	free(c->exclude);
	free(c->duration_us);
	free(c->jobs);
	chaos_groups_release(c);
	json_decref(c->coverage);
}

/* campaign.json, then the report of what finished. */
static int write_outputs(struct campaign *c, long seeds, char *err, size_t errlen)
{
	const struct chaos_opts *o = c->o;
	char path[4200];
	json_t *camp = chaos_campaign_json(c, seeds);
	int rc = 0;

	snprintf(path, sizeof(path), "%s/campaign.json", o->out_dir);
	if ((rc = afile_write_json(path, camp, JSON_INDENT(2), 0)) < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(-rc));
		rc = -EIO;
	}
	json_decref(camp);
	snprintf(path, sizeof(path), "%s/report", o->out_dir);
	if (rc == 0 && c->nruns) {
		const char *dirs[] = { o->out_dir };
		char rerr[1024];

		if (report_write(dirs, 1, path, rerr, sizeof(rerr)) < 0)
			fprintf(stderr, "impchaos: report: %s\n", rerr);
	}
	return rc;
}

int chaos_run(const struct chaos_opts *o, struct chaos_summary *sum, char *err, size_t errlen)
{
	struct campaign c = { .o = o, .sum = sum, .coverage = json_object() };
	struct saved_signals old;
	char path[4200];
	double deadline = 0, budget_deadline = 0;
	long seeds = 0;
	uint64_t i;
	size_t t = 0;
	int rc = 0, more = 1, wrc, lock_fd = -1;

	memset(sum, 0, sizeof(*sum));
	if ((rc = chaos_check_only(o->only, err, errlen)) < 0)
		goto out;
	snprintf(c.bin, sizeof(c.bin), "%s/bin/impchaos", impchaos_home());
	if ((rc = resolve_targets(&c, err, errlen)) < 0)
		goto out;
	snprintf(path, sizeof(path), "%s/runs", o->out_dir);
	if (run_mkdir_p(path, err, errlen) < 0) {
		rc = -EIO;
		goto out;
	}
	/* One campaign per directory: two would replace each other's runs. */
	if ((rc = run_lock_dir(o->out_dir, &lock_fd, err, errlen)) < 0)
		goto out;
	c.jobs = calloc((size_t)o->jobs, sizeof(*c.jobs));
	c.start = c.last_progress = chaos_now();
	signals_catch(&old);
	/* Seed index i belongs to this shard when i % n == k - 1. */
	for (i = (uint64_t)(o->shard_k - 1);;) {
		check_stop(&c, &deadline);
		check_budget(&c, &budget_deadline);
		more = more && !c.stop_sig && !c.budget_over && rc == 0;
		while (more && c.active < o->jobs) {
			if ((o->runs > 0 && (long)c.nruns >= o->runs) ||
			    (o->budget_s > 0 && chaos_now() - c.start >= o->budget_s)) {
				more = 0;
				break;
			}
			if (t == 0)
				seeds++;
			if ((rc = start_run(&c, t, o->seed_from + i, err, errlen)) < 0) {
				more = 0;
				break;
			}
			if (++t == c.ntargets) {
				t = 0;
				i += (uint64_t)o->shard_n;
			}
		}
		/* Every run and re-check has ended: group the failures, then
		 * shrink them while the budget lasts. */
		if (!more && !c.grouped && !c.active) {
			chaos_groups_form(&c);
			c.shrink_start = chaos_now();
		}
		if (c.grouped)
			shrink_more(&c);
		if (!c.active)
			break;
		if (wait_one(&c) < 0)
			break;
		chaos_progress(&c, 0);
	}
	signals_restore(&old);
	if (!c.grouped)
		chaos_groups_form(&c);
	sum->shrink_s = c.shrink_start > 0 ? chaos_now() - c.shrink_start : 0;
	chaos_groups_finish(&c);
	chaos_progress(&c, 1);
	sum->wall_s = chaos_now() - c.start;
	sum->stop_signal = c.stop_sig;
	wrc = write_outputs(&c, seeds, rc ? path : err, rc ? sizeof(path) : errlen);
	if (rc == 0)
		rc = wrc;
out:
	if (lock_fd >= 0)
		close(lock_fd);
	campaign_release(&c);
	return rc;
}
