/*
 * minimize.h - shrinking a failing run to a minimal reproducer: the
 * concrete list of injected faults is reduced by delta debugging and the simulated duration by bisection, while the same
 * invariant still fails. Harness side; `impchaos shrink` and chaos
 * campaigns use it.
 */
#ifndef IMPCHAOS_MINIMIZE_H
#define IMPCHAOS_MINIMIZE_H

#include <stddef.h>
#include <jansson.h>

struct minimize_result {
	char *invariant;    /* the invariant kept failing */
	char *faults;       /* the minimal schedule, one entry per line */
	char *duration;     /* the minimal simulated duration */
	char *command;      /* `impchaos run ...` that replays it */
	char *dir;          /* run directory of the reproducer (RUN_DIR/shrunk) */
	size_t nfaults, nfaults_before;
	size_t tests;       /* runs it took */
};

typedef void (*minimize_progress_cb)(const char *what, void *ud);

/* Shrinks the failing run in dir. Writes dir/shrunk (the reproducer, run
 * once more to prove it fails) and dir/reproducer.json. 0, or -EINVAL with
 * err when dir is not a failing run, other negative errno when a run could
 * not be carried out. */
int minimize_run(const char *dir, struct minimize_result *res, minimize_progress_cb cb,
		 void *ud, char *err, size_t errlen);

void minimize_result_release(struct minimize_result *res);

#endif
