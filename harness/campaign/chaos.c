/*
 * chaos.c - chaos campaigns (see chaos.h).
 *
 * DESIGN
 * The campaign is a job pool. Every job is a child process running the
 * impchaos binary itself: `run` for a seed (its schedule drawn by
 * faults/swarm.c), `replay` for a determinism re-check, `shrink` for a
 * failure. Children are waited for with waitpid(); nothing in this process
 * runs a simulation, so no libev loop competes for the children. Results
 * come back through the run directories (verdict.json, reproducer.json),
 * not through pipes: a campaign that dies half-way leaves every finished
 * run readable. Wall-clock time is read here only to honour the budget and
 * to print progress; it never reaches a run.
 */
#include "chaos.h"

#include <errno.h>
#include <fnmatch.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "faults/catalog.h"
#include "core/duration.h"
#include "reports/report.h"
#include "sim/run.h"
#include "core/prng.h"
#include "faults/swarm.h"
#include "sim/target.h"

#ifndef IMPCHAOS_VERSION
#define IMPCHAOS_VERSION "unknown"
#endif

/* Injections per swarm run at most: enough to overlap faults, few enough
 * that shrinking stays quick. A swarm that draws more is thinned evenly
 * (a seeded choice), so the end of a run is as busy as its start. */
#define MAX_INJECTIONS 40
#define MAX_DRAWN 4000

extern char **environ;

enum job_kind { JOB_RUN, JOB_RECHECK, JOB_SHRINK };

struct run_rec {
	const char *target;
	uint64_t seed;
	char dir[1024];          /* relative to out_dir */
	int done, failed, error, recheck, mismatch, shrunk;
	char *failures;          /* comma-separated invariants */
	json_t *reproducer;
};

struct job {
	pid_t pid;
	enum job_kind kind;
	size_t run;
};

struct campaign {
	const struct chaos_opts *o;
	char **targets;
	json_t **exclude;            /* per target: its manifest's "chaos_exclude" */
	size_t ntargets;
	struct run_rec *runs;
	size_t nruns, cap;
	struct job *jobs;
	int active;
	char bin[4096];
	json_t *coverage;
	struct chaos_summary *sum;
	double start;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int spawn(struct campaign *c, char *const argv[], const char *log, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	rc = posix_spawn(pid, c->bin, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return -rc;
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

/* Keeps MAX_INJECTIONS of the swarm's injections, chosen uniformly (in
 * order) by a stream of the seed: selection sampling. */
static size_t thin(struct swarm *sw, uint64_t seed)
{
	struct prng p;
	size_t i, kept = 0;

	if (sw->n <= MAX_INJECTIONS)
		return sw->n;
	prng_init(&p, seed, "chaos/thin");
	for (i = 0; i < sw->n; i++) {
		size_t left = sw->n - i, need = MAX_INJECTIONS - kept;

		if (prng_below(&p, left) < need) {
			struct swarm_injection tmp = sw->v[kept];

			sw->v[kept] = sw->v[i];
			sw->v[i] = tmp;
			kept++;
		}
	}
	/* The kept ones are now v[0..kept), still in time order; the dropped
	 * ones stay behind them so that swarm_release frees them. */
	return kept;
}

/* Copies the next comma-separated pattern of *list (--only) into pat and
 * moves *list past it; 0 when the list is done. */
static int next_pattern(const char **list, char *pat, size_t size)
{
	size_t n;

	if (!**list)
		return 0;
	n = strcspn(*list, ",");
	snprintf(pat, size, "%.*s", (int)(n < size ? n : size - 1), *list);
	*list += n + ((*list)[n] == ',');
	return 1;
}

/* Whether a fault is one --only (NULL: everything) lets a campaign draw. */
static int allowed(const char *only, const char *fault)
{
	char pat[256];

	if (!only)
		return 1;
	while (next_pattern(&only, pat, sizeof(pat)))
		if (fnmatch(pat, fault, 0) == 0)
			return 1;
	return 0;
}

/* Every --only pattern must match a catalogued fault: a typo would
 * otherwise run a campaign without the faults meant. */
static int check_only(const char *only, char *err, size_t errlen)
{
	const struct fault_info *f;
	char pat[256];
	int hit;

	if (!only)
		return 0;
	if (!*only) {
		snprintf(err, errlen, "--only needs fault patterns, e.g. --only 'agent/*'");
		return -EINVAL;
	}
	while (next_pattern(&only, pat, sizeof(pat))) {
		for (hit = 0, f = fault_catalog(); f->name && !hit; f++)
			hit = pat[0] && fnmatch(pat, f->name, 0) == 0;
		if (!hit) {
			snprintf(err, errlen, "--only '%s' matches no fault (try 'impchaos faults')", pat);
			return -EINVAL;
		}
	}
	return 0;
}

/* Moves the injections of faults the target excludes (its manifest's
 * "chaos_exclude") or --only leaves out behind the others, keeping time
 * order; returns how many are left in front. */
static size_t drop_excluded(struct swarm *sw, const json_t *exclude, const char *only)
{
	size_t i, j, kept = 0;

	for (i = 0; i < sw->n; i++) {
		int out = !allowed(only, sw->v[i].fault);

		for (j = 0; j < json_array_size(exclude) && !out; j++)
			out = !strcmp(json_string_value(json_array_get(exclude, j)), sw->v[i].fault);
		if (!out) {
			struct swarm_injection tmp = sw->v[kept];

			sw->v[kept++] = sw->v[i];
			sw->v[i] = tmp;
		}
	}
	return kept;
}

static int start_run(struct campaign *c, size_t ti, uint64_t seed, char *err, size_t errlen)
{
	const char *target = c->targets[ti];
	struct swarm sw;
	struct run_rec *r;
	char seedbuf[32], path[4200], log[4300], *text = NULL, *p;
	int64_t dur;
	pid_t pid;
	int rc;

	if (c->nruns == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->runs = realloc(c->runs, c->cap * sizeof(*c->runs));
	}
	r = &c->runs[c->nruns];
	memset(r, 0, sizeof(*r));
	r->target = target;
	r->seed = seed;
	snprintf(r->dir, sizeof(r->dir), "runs/%s-s%llu", target, (unsigned long long)seed);
	for (p = r->dir + 5; *p; p++)
		if (*p == '/')
			*p = '-';
	duration_parse(c->o->duration, &dur);
	if ((rc = swarm_generate(seed, dur, MAX_DRAWN, &sw)) == 0) {
		size_t all = sw.n;
		sw.n = drop_excluded(&sw, c->exclude[ti], c->o->only);
		sw.n = thin(&sw, seed);
		rc = swarm_to_schedule_text(&sw, &text);
		sw.n = all;
	}
	if (rc < 0) {
		snprintf(err, errlen, "cannot draw a fault schedule for seed %llu: %s",
			 (unsigned long long)seed, strerror(-rc));
		swarm_release(&sw);
		return rc;
	}
	swarm_release(&sw);
	snprintf(seedbuf, sizeof(seedbuf), "%llu", (unsigned long long)seed);
	snprintf(path, sizeof(path), "%s/%s", c->o->out_dir, r->dir);
	snprintf(log, sizeof(log), "%s.out", path);
	{
		char cpu[16];
		/* The campaign writes one report of all runs at the end. */
		char *argv[] = { c->bin, (char *)"run", (char *)target, (char *)"--seed", seedbuf,
				 (char *)"--for", (char *)c->o->duration, (char *)"--faults", text,
				 (char *)"--out", path, (char *)"--no-report", NULL, NULL, NULL };

		if (c->o->pin) {
			snprintf(cpu, sizeof(cpu), "%ld", free_slot(c) % sysconf(_SC_NPROCESSORS_ONLN));
			argv[12] = (char *)"--cpu";
			argv[13] = cpu;
		}
		rc = spawn(c, argv, log, &pid);
	}
	free(text);
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

	snprintf(path, sizeof(path), "%s/%s", c->o->out_dir, r->dir);
	snprintf(log, sizeof(log), "%s.%s.out", path, kind == JOB_RECHECK ? "replay" : "shrink");
	if (spawn(c, argv, log, &pid) < 0) {
		r->error = 1;
		return;
	}
	add_job(c, pid, kind, i);
}

static void add_coverage(json_t *into, const json_t *from)
{
	const char *group, *name, *what;
	json_t *g, *entry, *n;

	json_object_foreach((json_t *)from, group, g) {
		json_t *ig = json_object_get(into, group);

		if (!ig)
			json_object_set_new(into, group, ig = json_object());
		json_object_foreach(g, name, entry) {
			json_t *ie = json_object_get(ig, name);

			if (!ie)
				json_object_set_new(ig, name, ie = json_object());
			json_object_foreach(entry, what, n)
				json_object_set_new(ie, what, json_integer(
					json_integer_value(json_object_get(ie, what)) + json_integer_value(n)));
		}
	}
}

/* Deterministic choice of the runs to execute twice, from (target, seed). */
static int chosen_for_recheck(const struct campaign *c, const struct run_rec *r)
{
	uint64_t h = XXH64(r->target, strlen(r->target), r->seed);

	return (double)(h % 1000000) / 1e6 < c->o->recheck_share;
}

static void finished(struct campaign *c, struct job *j, int status)
{
	struct run_rec *r = &c->runs[j->run];
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", c->o->out_dir, r->dir);
	if (j->kind == JOB_RUN) {
		char vpath[4300];
		json_t *v;

		r->done = 1;
		snprintf(vpath, sizeof(vpath), "%s/verdict.json", path);
		v = json_load_file(vpath, 0, NULL);
		if ((code != 0 && code != 1) || !v) {
			r->error = 1;
			c->sum->errors++;
		} else {
			json_t *inv;
			size_t i;

			add_coverage(c->coverage, json_object_get(v, "coverage"));
			json_array_foreach(json_object_get(v, "invariants"), i, inv) {
				if (json_is_true(json_object_get(inv, "ok")))
					continue;
				r->failed = 1;
				r->failures = r->failures ? r->failures : strdup("");
				r->failures = realloc(r->failures, strlen(r->failures) + 256);
				snprintf(r->failures + strlen(r->failures), 256, "%s%s",
					 r->failures[0] ? "," : "",
					 json_string_value(json_object_get(inv, "invariant")));
			}
			c->sum->failed += r->failed;
		}
		json_decref(v);
		c->sum->runs++;
		if (!r->error && chosen_for_recheck(c, r)) {
			r->recheck = 1;
			start_followup(c, j->run, JOB_RECHECK);
		} else if (r->failed && c->o->shrink) {
			start_followup(c, j->run, JOB_SHRINK);
		}
	} else if (j->kind == JOB_RECHECK) {
		c->sum->rechecked++;
		if (code == 1) {
			r->mismatch = 1;
			c->sum->mismatches++;
		} else if (code != 0) {
			r->error = 1;
			c->sum->errors++;
		}
		if (r->failed && c->o->shrink)
			start_followup(c, j->run, JOB_SHRINK);
	} else {
		char rpath[4300];

		snprintf(rpath, sizeof(rpath), "%s/reproducer.json", path);
		r->reproducer = code == 0 ? json_load_file(rpath, 0, NULL) : NULL;
		r->shrunk = r->reproducer != NULL;
		c->sum->shrunk += r->shrunk;
	}
}

static int wait_one(struct campaign *c)
{
	int status, i;
	pid_t pid;

	do
		pid = waitpid(-1, &status, 0);
	while (pid < 0 && errno == EINTR);
	if (pid < 0)
		return -errno;
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

static void progress(struct campaign *c, int final)
{
	double el = now_s() - c->start, rate = el > 0 ? c->sum->runs / el * 60 : 0;
	char left[64] = "";

	if (!c->o->progress)
		return;
	if (c->o->budget_s > 0)
		snprintf(left, sizeof(left), ", %.0fs of budget left",
			 c->o->budget_s - el > 0 ? c->o->budget_s - el : 0);
	else if (c->o->runs > 0 && rate > 0)
		snprintf(left, sizeof(left), ", ~%.0fs left", (c->o->runs - c->sum->runs) / rate * 60);
	fprintf(stderr, "\rchaos: %ld runs, %ld failed, %ld mismatches, %.0f runs/min%s   %s",
		c->sum->runs, c->sum->failed, c->sum->mismatches, rate, left, final ? "\n" : "");
	fflush(stderr);
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
		c->exclude[c->ntargets] = json_incref(t->chaos_exclude);
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

/* Whether some target of the campaign may draw the fault: one that its
 * manifest's "chaos_exclude" leaves out for every target is not expected
 * to fire. */
static int drawn_by_some_target(const struct campaign *c, const char *fault)
{
	size_t t, j;

	for (t = 0; t < c->ntargets; t++) {
		int out = 0;

		for (j = 0; j < json_array_size(c->exclude[t]) && !out; j++)
			out = !strcmp(json_string_value(json_array_get(c->exclude[t], j)), fault);
		if (!out)
			return 1;
	}
	return 0;
}

static json_t *campaign_json(struct campaign *c, long nseeds)
{
	json_t *runs = json_array(), *failures = json_array(), *targets = json_array();
	json_t *uncovered = json_array();
	const struct fault_info *f;
	char shard[32];
	size_t i;

	for (i = 0; i < c->ntargets; i++)
		json_array_append_new(targets, json_string(c->targets[i]));
	for (i = 0; i < c->nruns; i++) {
		struct run_rec *r = &c->runs[i];

		if (!r->done)
			continue;
		json_array_append_new(runs, json_string(r->dir));
		if (r->failed || r->mismatch || r->error)
			json_array_append_new(failures, json_pack(
				"{s:s, s:s, s:I, s:s, s:b, s:b, s:O}", "run", r->dir, "target", r->target,
				"seed", (json_int_t)r->seed, "invariants", r->failures ? r->failures : "",
				"nondeterministic", r->mismatch, "error", r->error, "reproducer",
				r->reproducer ? r->reproducer : json_null()));
	}
	for (f = fault_catalog(); f->name; f++) {
		json_t *e = json_object_get(json_object_get(c->coverage, "faults"), f->name);

		/* A fault swarms never draw, --only leaves out or every target
		 * excludes cannot be expected to fire. */
		if (fault_in_swarm(f) && allowed(c->o->only, f->name) &&
		    drawn_by_some_target(c, f->name) &&
		    json_integer_value(json_object_get(e, "fired")) <= 0)
			json_array_append_new(uncovered, json_string(f->name));
	}
	c->sum->uncovered = json_array_size(uncovered);
	snprintf(shard, sizeof(shard), "%d/%d", c->o->shard_k, c->o->shard_n);
	return json_pack("{s:s, s:s, s:{s:I, s:I}, s:o, s:o, s:s, s:o, s:f, s:{s:I, s:I}, s:o, "
			 "s:o, s:O, s:o, s:f}",
			 "kind", "campaign", "version", "impchaos " IMPCHAOS_VERSION, "seeds", "from",
			 (json_int_t)c->o->seed_from, "count", (json_int_t)nseeds, "budget",
			 c->o->budget_s > 0 ? json_real(c->o->budget_s) : json_null(), "shard",
			 c->o->shard_n > 1 ? json_string(shard) : json_null(), "duration",
			 c->o->duration, "targets", targets, "recheck_share", c->o->recheck_share,
			 "determinism_checks", "runs", (json_int_t)c->sum->rechecked, "mismatches",
			 (json_int_t)c->sum->mismatches, "runs", runs, "failures", failures,
			 "coverage", c->coverage, "uncovered", uncovered, "wall_s",
			 now_s() - c->start);
}

int chaos_run(const struct chaos_opts *o, struct chaos_summary *sum, char *err, size_t errlen)
{
	struct campaign c = { .o = o, .sum = sum, .coverage = json_object() };
	char path[4200];
	long seeds = 0;
	uint64_t i;
	size_t k, t = 0;
	int rc = 0, more = 1;
	json_t *camp;

	memset(sum, 0, sizeof(*sum));
	if ((rc = check_only(o->only, err, errlen)) < 0) {
		json_decref(c.coverage);
		return rc;
	}
	snprintf(c.bin, sizeof(c.bin), "%s/bin/impchaos", impchaos_home());
	if ((rc = resolve_targets(&c, err, errlen)) < 0)
		goto out;
	snprintf(path, sizeof(path), "%s/runs", o->out_dir);
	if (run_mkdir_p(path, err, errlen) < 0) {
		rc = -EIO;
		goto out;
	}
	c.jobs = calloc((size_t)o->jobs, sizeof(*c.jobs));
	c.start = now_s();
	/* Seed index i belongs to this shard when i % n == k - 1. */
	for (i = (uint64_t)(o->shard_k - 1); more || c.active; ) {
		while (more && c.active < o->jobs) {
			if ((o->runs > 0 && (long)c.nruns >= o->runs) ||
			    (o->budget_s > 0 && now_s() - c.start >= o->budget_s)) {
				more = 0;
				break;
			}
			if (t == 0)
				seeds++;
			rc = start_run(&c, t, o->seed_from + i, err, errlen);
			if (rc < 0)
				goto drain;
			if (++t == c.ntargets) {
				t = 0;
				i += (uint64_t)o->shard_n;
			}
		}
		if (c.active && wait_one(&c) < 0)
			break;
		progress(&c, 0);
	}
drain:
	while (c.active && wait_one(&c) == 0)
		;
	progress(&c, 1);
	sum->wall_s = now_s() - c.start;
	camp = campaign_json(&c, seeds);
	snprintf(path, sizeof(path), "%s/campaign.json", o->out_dir);
	if (json_dump_file(camp, path, JSON_INDENT(2)) < 0 && rc == 0) {
		snprintf(err, errlen, "cannot write '%s'", path);
		rc = -EIO;
	}
	json_decref(camp);
	/* The HTML report of the campaign (its campaign.json lists the runs). */
	snprintf(path, sizeof(path), "%s/report", o->out_dir);
	if (rc == 0 && sum->runs) {
		const char *dirs[] = { o->out_dir };
		char rerr[1024];

		if (report_write(dirs, 1, path, rerr, sizeof(rerr)) < 0)
			fprintf(stderr, "impchaos: report: %s\n", rerr);
	}
out:
	for (k = 0; k < c.nruns; k++) {
		free(c.runs[k].failures);
		json_decref(c.runs[k].reproducer);
	}
	free(c.runs);
	for (k = 0; k < c.ntargets; k++)
		free(c.targets[k]);
	free(c.targets);
	for (k = 0; k < c.ntargets; k++)
		json_decref(c.exclude[k]);
	free(c.exclude);
	free(c.jobs);
	json_decref(c.coverage);
	return rc;
}
