/*
 * run.h - one run from the user's point of view: resolve the target, parse
 * and validate the schedule and invariants, prepare the run directory, run
 * the simulation, and write scenario.json and verdict.json next to the
 * trace. Used by the CLI (run, replay) and by the scenario suites.
 */
#ifndef IMPCHAOS_RUN_H
#define IMPCHAOS_RUN_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "sim.h"

struct run_opts {
	const char *target;     /* "NAME/VARIANT" */
	uint64_t seed;
	const char *duration;   /* NULL: the target's default */
	const char *faults;     /* schedule text, NULL or "" for none */
	const char *checks;     /* comma-separated specs; NULL: the target's */
	const char *out_dir;    /* NULL: runs/NAME-VARIANT-sSEED */
	double watchdog_s;      /* 0: 10 seconds */
	double run_timeout_s;   /* wall-clock bound on the run; 0: RUN_TIMEOUT_BASE_S
	                         * plus the simulated duration / RUN_TIMEOUT_RATIO,
	                         * times RUN_TIMEOUT_VALGRIND under valgrind */
	int sync_store;         /* fsync the agent's store on every save */
	long long agent_mem_quota; /* bytes; 0: the target's "memory", else none */
	long long device_mem_quota; /* the same for the device */
	int valgrind;           /* children under valgrind memcheck; adds memcheck-clean */
	int force;              /* replace a run already in out_dir (else -EEXIST) */
	const char *start;      /* the clock's start, "2026-03-31T23:40:00Z"; NULL:
	                         * SIM_EPOCH_S, and the trace records no start */
	int stop_at_failure;    /* end at the first failure (struct scenario's) */
	const char *stop_on;    /* only this invariant's failure ends it; NULL:
	                         * any (shrinking's trial runs chase one) */
	/* Handed every trace event as it is written (struct scenario's
	 * observe): how `impchaos run` feeds its report; NULL: none. */
	void (*observe)(const json_t *ev, int violates, void *ud);
	void *observe_ud;
};

/* The default wall-clock budget of a run. A run usually simulates over
 * 100,000 seconds per wall second; 1000 leaves room for slow machines,
 * sanitizers and fault-heavy schedules, while a target that hangs at every
 * start (one watchdog per restart) is stopped within minutes, not days. */
#define RUN_TIMEOUT_BASE_S 60.0
#define RUN_TIMEOUT_RATIO 1000.0
#define RUN_TIMEOUT_VALGRIND 10.0

struct run_outcome {
	struct sim_result res;
	char dir[PATH_MAX];
	char *command;          /* the `impchaos run ...` line that replays it */
	char *duration;         /* canonical text */
	char *note;             /* about the target, for the user (a bare
	                         * directory: the files picked); or NULL */
};

/* 0 when the run completed (verdicts in out->res; check res.failed);
 * -EINVAL for bad input, -EPROTO for a child sending garbage, -EIO when the
 * run directory cannot be written, -EEXIST when it holds a run already and
 * o->force is not set, -EMFILE/-ENFILE/-EAGAIN/-ENOMEM when the machine's
 * limits stopped it; err says what and what to do. On success out is the
 * caller's, to release with run_outcome_release; on failure it holds
 * nothing (releasing it again is harmless). */
int run_execute(const struct run_opts *o, struct run_outcome *out, char *err, size_t errlen);

void run_outcome_release(struct run_outcome *out);

/* Reads a run directory's scenario.json back into opts (strings owned by
 * *scenario, a new reference the caller drops after use) and the recorded
 * trace hash. 0, or -EINVAL/-ENOENT with err. */
int run_load(const char *dir, struct run_opts *o, json_t **scenario, char hash[TRACE_HASH_LEN + 1],
	     char *err, size_t errlen);

/* mkdir -p, then checks the directory is writable. 0, or negative errno
 * with err saying what to do ("choose another with --out"). */
int run_mkdir_p(const char *dir, char *err, size_t errlen);

/* Takes the output directory dir (which exists) for this process alone: an
 * exclusive flock on it, held while *fd is open (close-on-exec, so the
 * children never hold it). 0, or -EBUSY when another run or campaign has
 * it, with err saying what to do. Two users of one --out would overwrite
 * each other's files. */
int run_lock_dir(const char *dir, int *fd, char *err, size_t errlen);

/* Appends s to a malloc'd command line, quoted for a POSIX shell when it
 * needs to be. */
char *run_shell_append(char *line, const char *s);

#endif
