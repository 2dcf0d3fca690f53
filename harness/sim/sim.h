/*
 * sim.h - one simulated run: the virtual clock, the event heap and the cloud
 * model (device power and link, message relay, agent restarts) driving an
 * imp-agent and an imp-device process in lockstep.
 * Harness side; the CLI (cli.c) and the scenario suites call it.
 */
#ifndef IMPCHAOS_SIM_H
#define IMPCHAOS_SIM_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "faults/schedule.h"
#include "target.h"
#include "core/trace.h"

/* The default start of the simulated clock, 2026-01-01T00:00:00Z: imp_time()
 * and Squirrel's time() and date() are the scenario's start (this unless
 * --start or a chaos campaign chose another) plus simulated time. */
#define SIM_EPOCH_S 1767225600LL

struct scenario {
	const struct target *target;
	uint64_t seed;
	int64_t duration_us;
	const struct schedule *faults;   /* validated against the catalogue */
	const char *const *checks;       /* invariant specs */
	size_t nchecks;
	const char *run_dir;             /* exists and is writable */
	double watchdog_s;               /* wall-clock bound on one event */
	double run_timeout_s;            /* wall-clock bound on the run; 0: none */
	int sync_store;                  /* fsync the agent's store on save */
	long long agent_mem_quota;       /* bytes the agent may use; 0: no quota */
	long long device_mem_quota;      /* bytes the device may use; 0: no quota */
	int valgrind;                    /* run the children under memcheck */
	int64_t start_s;                 /* Unix seconds the clock starts at */
	int start_given;                 /* start_s was chosen (--start, chaos):
	                                  * the trace's run.start records it */
	/* End the run after the first event at which an invariant first
	 * failed (stop_on: that invariant, as given in checks; NULL: any),
	 * with a run.stop event before the usual end. */
	int stop_at_failure;
	const char *stop_on;
	/* Handed every trace event after the checks (violates: one of them
	 * first failed at it), e.g. the report's scan; NULL: none. */
	void (*observe)(const json_t *ev, int violates, void *ud);
	void *observe_ud;
};

struct sim_result {
	char hash[TRACE_HASH_LEN + 1];
	json_t *verdicts;   /* array, see check_set_finish() */
	size_t failed;      /* invariants that failed */
	uint64_t events;    /* trace events written */
	uint64_t fired;     /* fault points that fired (fault.fire events) */
	json_t *coverage;   /* {"faults": {NAME: {scheduled, injected, fired,
	                     * skipped}}, "messages": {NAME: {send, deliver,
	                     * drop, nohandler, sendfail}}} */
	int64_t sim_us;     /* simulated time covered */
	double run_timeout_s; /* the budget, when the run used it up (stopped
	                       * early, no-hang failed); else 0 */
	int stopped_at_failure; /* ended at its first failure, at sim_us */
};

/* Runs the scenario. 0 when the run completed (its verdicts are in *res,
 * which the caller releases); otherwise a negative errno with err saying
 * what went wrong: -EINVAL for bad input (a spec, a target that cannot be
 * loaded), -EPROTO for a child that sent garbage, -EIO when the run
 * directory could not be written. */
int sim_run(const struct scenario *sc, struct sim_result *res, char *err, size_t errlen);

void sim_result_release(struct sim_result *res);

#endif
