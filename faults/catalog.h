/*
 * catalog.h - the fault catalogue (DESIGN.md section 4): every fault the
 * harness can inject, with its stable name, description, parameters and
 * mechanism. `impchaos faults` prints it. Names are hierarchical and never
 * reused for a new meaning (STYLE.md rule 7).
 *
 * The mechanisms of cloud-model faults live in the simulation
 * (harness/sim.c), which switches on the fault's id.
 */
#ifndef IMPCHAOS_CATALOG_H
#define IMPCHAOS_CATALOG_H

#include <stddef.h>

#include "schedule.h"

enum fault_id {
	FAULT_AGENT_RESTART,
	FAULT_AGENT_CRASH,
	FAULT_DEVICE_POWER_CYCLE,
	FAULT_DEVICE_DISCONNECT,
};

/* Parameter kinds. */
#define FAULT_PARAM_DURATION 1  /* a duration, e.g. 20m */

struct fault_param {
	const char *key;
	int kind;
	const char *desc;          /* includes the default */
	long long min_us, max_us;  /* allowed range for durations */
};

struct fault_info {
	const char *name;
	enum fault_id id;
	const char *desc;
	const char *mechanism;
	const struct fault_param *params;  /* terminated by key NULL */
};

/* Terminated by an entry with name NULL. */
const struct fault_info *fault_catalog(void);

/* NULL when no fault has that name. */
const struct fault_info *fault_find(const char *name);

/* Checks a parsed schedule entry against the catalogue: a known fault, known
 * parameters, well-formed values in range. 0, or -EINVAL with err saying
 * what is wrong ("line 1, column 9: unknown fault 'agent/crsh' (try
 * 'impchaos faults')"). */
int fault_validate(const struct sched_entry *e, char *err, size_t errlen);

/* A duration parameter of e, or dflt when it is not given (e was
 * validated). */
long long fault_param_us(const struct sched_entry *e, const char *key, long long dflt);

#endif
