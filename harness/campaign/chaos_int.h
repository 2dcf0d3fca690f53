/*
 * chaos_int.h - what the files of a chaos campaign share: chaos.c (the job
 * pool, signals and the main loop), chaos_job.c (starting a job),
 * chaos_draw.c (each seed's schedule), chaos_group.c (failures grouped by
 * signature, which of them to shrink) and chaos_out.c (campaign.json and
 * progress lines). Not part of the public API (chaos.h).
 */
#ifndef IMPCHAOS_CHAOS_INT_H
#define IMPCHAOS_CHAOS_INT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <jansson.h>

#include "chaos.h"

enum job_kind { JOB_RUN, JOB_RECHECK, JOB_SHRINK };

/* One run of the campaign, from its start to its last follow-up. */
struct run_rec {
	const char *target;
	uint64_t seed;
	char dir[1024];          /* relative to out_dir */
	int done;                /* its `impchaos run` ended (on its own or killed) */
	int has_dir;             /* it left a run directory (scenario.json) */
	int failed, error, recheck, mismatch, shrunk;
	int stopped;             /* killed when the campaign was stopped */
	int valgrind;            /* run under valgrind memcheck (--valgrind-sample) */
	char *failures;          /* comma-separated invariants */
	char *why;               /* why it could not run: its output's first line */
	json_t *reproducer;
	/* Set for a failed run when the runs have ended (chaos_groups_form). */
	char *signature;         /* chaos_signature() before shrinking */
	long injected;           /* injections, all faults together */
	long group;              /* its index in campaign.groups, or -1 */
	const char *unshrunk_why; /* why its shrink gave no reproducer, or NULL */
};

enum group_state {
	GROUP_PENDING,           /* its representative is still to be shrunk */
	GROUP_SHRINKING,         /* it is being shrunk */
	GROUP_SHRUNK,            /* it has a proven reproducer */
	GROUP_UNSHRUNK,          /* it has none: see why */
};

/* Failures of one signature (chaos_group.c says how groups are split). */
struct fail_group {
	char *signature;         /* before shrinking: "TARGET | INVARIANT | EVENT" */
	char *kinds;             /* ",KIND,...," of its reproducer, NULL until shrunk */
	size_t *members;         /* run indexes, ascending */
	size_t n, cap;
	long rep;                /* its representative run, -1 until chosen */
	enum group_state state;
	const char *why;         /* why it is unshrunk */
};

struct job {
	pid_t pid;               /* also its process group */
	enum job_kind kind;
	size_t run;
};

struct campaign {
	const struct chaos_opts *o;
	char **targets;
	json_t **exclude;            /* per target: its manifest's "chaos_exclude" */
	int64_t *duration_us;        /* per target: its manifest's "duration" */
	size_t ntargets;
	struct run_rec *runs;
	size_t nruns, cap;
	struct job *jobs;
	int active;
	char bin[4096];
	json_t *coverage;
	struct chaos_summary *sum;
	double start;
	int stop_sig;                /* the signal that stopped the campaign, or 0 */
	int killing;                 /* jobs still running are being killed */
	int budget_over;             /* --budget used up: no new jobs, and those in
	                              * flight end within the stop grace */
	double last_progress;        /* wall time of the last plain progress line */
	long last_progress_runs;
	struct fail_group *groups;
	size_t ngroups, gcap;
	int grouped;                 /* the runs have ended and were grouped */
	double shrink_start;         /* wall time the shrinking began */
	int shrink_budget_spent;
};

/* Starts a job (chaos_job.c): argv (argv[0] the binary) in a child that
 * leads a process group of its own, its stdout and stderr in log. 0 with
 * *pid, or negative errno. */
int chaos_spawn_job(struct campaign *c, char *const argv[], const char *log, pid_t *pid);

/* Wall-clock seconds (monotonic): budget, progress, the stop bound. */
double chaos_now(void);

/* Every --only pattern must match a catalogued fault. 0 or -EINVAL. */
int chaos_check_only(const char *only, char *err, size_t errlen);

/* Whether --only (NULL: everything) lets a campaign draw the fault. */
int chaos_allowed(const char *only, const char *fault);

/* What one run of a campaign is given. */
struct chaos_drawn {
	char *faults;            /* schedule text, malloc'd (the caller frees it) */
	char duration[32];       /* --for, else the target's duration */
	char start[32];          /* --start, else chaos_draw_start(seed) */
	int quiet;               /* a quiet swarm: one or two injections */
};

/* What target ti's run of seed is given: the swarm without the faults the
 * target excludes or --only leaves out, thinned (chaos_draw.c says how).
 * 0 or negative errno with err. */
int chaos_draw(const struct campaign *c, size_t ti, uint64_t seed, struct chaos_drawn *d,
	       char *err, size_t errlen);

/* Adds a run's verdict "coverage" into the campaign's. */
void chaos_add_coverage(json_t *into, const json_t *from);

/* campaign.json's document (a new reference); sets sum->uncovered. */
json_t *chaos_campaign_json(struct campaign *c, long nseeds);

/* Groups the failed runs by signature once every run (and re-check) has
 * ended; with --shrink none every group is left unshrunk. */
void chaos_groups_form(struct campaign *c);

/* The next run to shrink (its group becomes GROUP_SHRINKING), or -1. */
long chaos_groups_next(struct campaign *c);

/* Takes in the end of the shrink of run i (its reproducer, or none). */
void chaos_groups_shrunk(struct campaign *c, size_t i);

/* Closes the grouping: groups never shrunk are unshrunk (why), equal
 * signatures merged (--shrink all), groups ordered by their first run;
 * fills sum->groups and sum->unshrunk_groups. */
void chaos_groups_finish(struct campaign *c);

/* campaign.json's "groups" (a new reference). */
json_t *chaos_groups_json(const struct campaign *c);

void chaos_groups_release(struct campaign *c);

/* A progress line on stderr: rewritten in place on a terminal, else a
 * plain line every CHAOS_PROGRESS_RUNS runs or CHAOS_PROGRESS_S seconds. */
void chaos_progress(struct campaign *c, int final);

#define CHAOS_PROGRESS_RUNS 10
#define CHAOS_PROGRESS_S 30.0

#endif
