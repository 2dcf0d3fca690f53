/*
 * sweep.h - SQLite-style fault sweeps: fail exactly the Nth call of one
 * fault point, for N = 1, 2, ... until a run completes without reaching N,
 * checking the invariants every time. Harness side; the
 * CLI's `impchaos sweep` and the suites call it.
 */
#ifndef IMPCHAOS_SWEEP_H
#define IMPCHAOS_SWEEP_H

#include <limits.h>
#include <stddef.h>

#include "sim/run.h"

struct sweep_opts {
	struct run_opts base;   /* target, seed, duration, checks, extra faults;
	                         * out_dir is the sweep's directory */
	const char *point;      /* a point fault of the catalogue */
	const char *proc;       /* "agent", "device", or NULL: the point's own */
	int max;                /* largest N to try */
};

struct sweep_step {
	int n;
	int reached;            /* the Nth call happened (the point fired) */
	size_t failed;          /* invariants that failed */
	char failures[1024];    /* their names, comma-separated */
	char dir[PATH_MAX];     /* the run directory */
	char *command;          /* replay command (owned by the sweep) */
};

typedef void (*sweep_step_cb)(const struct sweep_step *st, void *ud);

/* Runs the sweep. 0 when it ran (*broken: steps with a failed invariant,
 * *steps: steps run); negative errno with err on bad input (-EINVAL) or a
 * run that could not be carried out. cb (may be NULL) sees each step. */
int sweep_run(const struct sweep_opts *o, sweep_step_cb cb, void *ud, size_t *steps,
	      size_t *broken, char *err, size_t errlen);

#endif
