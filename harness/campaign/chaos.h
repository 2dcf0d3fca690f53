/*
 * chaos.h - chaos campaigns: for each seed, a swarm
 * configuration of faults (faults/swarm.c) is drawn and run against each
 * target, several runs at a time, each in its own `impchaos run` process.
 * A share of runs is repeated to check determinism; failures are grouped by
 * signature (chaos_signature) and, by default, the first failure of each
 * group is shrunk to a minimal reproducer. Harness side; `impchaos chaos`
 * calls it.
 */
#ifndef IMPCHAOS_CHAOS_H
#define IMPCHAOS_CHAOS_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

/* Which failures a campaign shrinks. */
enum chaos_shrink {
	CHAOS_SHRINK_NONE,           /* none: every group is recorded unshrunk */
	CHAOS_SHRINK_FIRST,          /* the first failure of each group (the default) */
	CHAOS_SHRINK_ALL,            /* every failing run */
};

struct chaos_opts {
	const char *const *targets;  /* NAME/VARIANT; NULL: every target found */
	size_t ntargets;
	long runs;                   /* stop after this many runs (0: no limit) */
	double budget_s;             /* stop starting runs after this wall time (0: none) */
	uint64_t seed_from;
	int jobs;                    /* runs at once */
	int shard_k, shard_n;        /* this shard takes seed indexes i with i % n == k - 1 */
	const char *out_dir;
	const char *duration;        /* simulated duration of each run; NULL: each
	                              * target's own ("duration" in target.json) */
	const char *start;           /* the clock's start of every run (UTC text);
	                              * NULL: drawn per seed (chaos_draw_start) */
	double recheck_share;        /* share of runs executed twice (determinism) */
	enum chaos_shrink shrink;    /* which failures to shrink */
	double shrink_budget_s;      /* wall time shrinking may take, from the end of
	                              * the runs (0: no cap); shrinks still running
	                              * then are killed and recorded as unshrunk */
	int require_coverage;        /* fail when a catalogued fault never fired */
	int progress;                /* progress on stderr: 0 none, CHAOS_PROGRESS_TTY
	                              * (one line rewritten) or CHAOS_PROGRESS_PLAIN
	                              * (a line every 10 runs or 30 s, for CI logs) */
	int pin;                     /* pin each run to the CPU of its job slot */
	const char *only;            /* comma-separated fnmatch patterns: draw only
	                              * faults they match, e.g. agent/store/(star);
	                              * NULL: the whole catalogue */
	int keep_all;                /* keep every run's trace; else a run that held
	                              * keeps its verdict and scenario, not its trace */
	double stop_grace_s;         /* after SIGINT/SIGTERM, how long runs in flight
	                              * get to finish (0: 10 s) */
	long long agent_mem_quota;   /* --agent-memory of every run (0: the target's) */
	long long device_mem_quota;  /* --device-memory of every run (0: the target's) */
	double valgrind_sample;      /* share of runs under valgrind memcheck, chosen
	                              * from (target, seed): chaos_valgrind_chosen() */
	int64_t valgrind_for_us;     /* a run chosen for valgrind lasts at most this
	                              * long (its scenario records it; 0: no cap) */
	int full_runs;               /* simulate each run to its end; else a run
	                              * stops at its first failure (--stop-at-failure,
	                              * which its scenario.json records for the
	                              * re-check, the shrink and the reproducer) */
	int (*job_main)(int argc, char **argv);
	                             /* runs a job's command line (argv[0] the
	                              * binary, then run, replay or shrink and their
	                              * arguments) in a fork of the campaign and
	                              * returns its exit code: a job then does not
	                              * start the binary again. NULL: each job is
	                              * the binary, started with posix_spawn */
};

#define CHAOS_PROGRESS_TTY 1
#define CHAOS_PROGRESS_PLAIN 2

struct chaos_summary {
	long runs, failed, rechecked, mismatches, shrunk;
	long groups;                 /* distinct failures (signatures) */
	long unshrunk_groups;        /* groups left without a reproducer */
	double shrink_s;             /* wall time spent shrinking */
	long errors;                 /* runs (or their follow-ups) that could not run */
	long stopped;                /* runs killed by a stop */
	long valgrind_runs;          /* runs under valgrind memcheck */
	int stop_signal;             /* SIGINT or SIGTERM that stopped it, or 0 */
	size_t uncovered;            /* catalogued faults that never fired */
	double wall_s;
};

/* Runs the campaign. 0 when it ran (see *sum: exit 1 when failed,
 * mismatches or, with require_coverage, uncovered; an error of the campaign
 * when runs could not run or a signal stopped it); negative errno with err
 * on bad input. Writes out_dir/campaign.json and out_dir/report/, also
 * after a stop by SIGINT or SIGTERM (chaos.c says how it stops). */
int chaos_run(const struct chaos_opts *o, struct chaos_summary *sum, char *err, size_t errlen);

/* The start of the simulated clock (Unix seconds) a campaign gives the
 * runs of seed when --start does not fix it: any time of 2026 or 2027,
 * half of the time in the last hour before a midnight, a week boundary
 * (Monday or Thursday 00:00 UTC), the first of a month or a new year.
 * The same seed always gives the same start. */
int64_t chaos_draw_start(uint64_t seed);

/* Whether a campaign with valgrind_sample share runs target's seed under
 * valgrind memcheck: a function of (target, seed, share) alone, so that
 * every campaign, shard and replay picks the same runs, and a larger share
 * picks a superset of a smaller one's. */
int chaos_valgrind_chosen(const char *target, uint64_t seed, double share);

/*
 * The signature of the failure of a run of target whose verdict.json is
 * verdict: "TARGET | INVARIANT | EVENT" with the first invariant that failed
 * (the one shrinking chases) and the "ev" of its first violating event
 * ("-" when it named none). With reproducer (its reproducer.json), the
 * sorted fault kinds of the reproducer's schedule follow: "... | KIND,KIND".
 * Failures with equal signatures are one group of a campaign. malloc'd;
 * NULL when the verdict has no failing invariant.
 */
char *chaos_signature(const char *target, const json_t *verdict, const json_t *reproducer);

#endif
