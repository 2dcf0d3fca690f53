/*
 * scenario.h - helpers for the scenario suites (suites/local): run a
 * scenario through the harness library into its own run directory under
 * build/test-runs, read verdicts, and run the impchaos CLI as a user would.
 */
#ifndef IMPCHAOS_SUITE_SCENARIO_H
#define IMPCHAOS_SUITE_SCENARIO_H

#include <stdint.h>
#include <sys/types.h>
#include <jansson.h>

#include "sim/run.h"

/* Runs one scenario. checks NULL: the target's own invariants. Returns
 * run_execute's code; out must be released with run_outcome_release. */
int scenario_run(const char *target, uint64_t seed, const char *duration, const char *faults,
		 const char *checks, struct run_outcome *out);

/* The verdict object of one invariant (borrowed), or NULL. */
json_t *scenario_verdict(const struct run_outcome *out, const char *invariant);

/* 1 when the invariant held, 0 when it failed, -1 when it was not checked. */
int scenario_held(const struct run_outcome *out, const char *invariant);

/* The whole trace.jsonl of a run directory (malloc'd, caller frees), or
 * NULL when it cannot be read. */
char *scenario_trace(const char *dir);

/* A whole file (malloc'd, caller frees), or NULL when it cannot be read. */
char *scenario_read_file(const char *path);

/* Starts build/bin/impchaos with args (NULL-terminated, without argv[0]),
 * its stdout and stderr to the file output; returns its pid, or -1. Wait
 * for it with scenario_cli_wait: its exit status, 128 + N when signal N
 * ended it, or -1. */
pid_t scenario_cli_start(const char *const *args, const char *output);
int scenario_cli_wait(pid_t pid);

/* Puts the test-only targets (suites/targets, built into
 * build/suite-targets) on the target search path. */
void scenario_use_test_targets(void);

/* Runs build/bin/impchaos with args (NULL-terminated, without argv[0]);
 * returns its exit status (-1 if it could not run) and, in *output, what it
 * printed on stdout and stderr (malloc'd, caller frees). */
int scenario_cli(const char *const *args, char **output);

#endif
