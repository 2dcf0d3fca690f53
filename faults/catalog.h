/*
 * catalog.h - the fault catalogue: every fault the
 * harness can inject, with its stable name, description, parameters and
 * mechanism. `impchaos faults` prints it. Names are hierarchical and never
 * reused for a new meaning.
 *
 * The mechanisms of cloud-model faults live in the simulation
 * (harness/sim/sim.c), which switches on the fault's id.
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
	FAULT_AGENT_MIGRATE,
	FAULT_AGENT_DUPLICATE,  /* a migration that leaves the old instance running */
	FAULT_DEPLOY_CODE,
	FAULT_DEVICE_REDIRECT,
	FAULT_STORAGE_STALE_LOAD,
	FAULT_DEVICE_RECONNECT_STORM,
	FAULT_DEVICE_SLOW_BOOT,
	FAULT_HTTP_OUT_ERROR,   /* outbound HTTP from the agent: a connection error */
	FAULT_HTTP_OUT_SLOW,    /* ... slower than the request's timeout */
	FAULT_HTTP_OUT_5XX,     /* ... a 5xx from the service */
	FAULT_POINT,            /* a libfiu point armed inside a child (struct fault_point) */
};

/* Parameter kinds. */
#define FAULT_PARAM_DURATION 1  /* a duration, e.g. 20m */
#define FAULT_PARAM_COUNT    2  /* a positive integer in [min_us, max_us] */
#define FAULT_PARAM_ERRNO    3  /* an errno name: ENOSPC, EIO, ... */
#define FAULT_PARAM_PROC     4  /* agent or device */
#define FAULT_PARAM_CHOICE   5  /* one of the words in `choices`, '|'-separated */

/* Where an armed point may fire ("scope", ARCHITECTURE.md): the host
 * runtime marks the code it is in, and the point's callback fires only in
 * its scope, so a write fault aimed at the store never hits a log line. */
enum fault_scope {
	SCOPE_STORE,    /* inside the agent's server_save() file operations */
	SCOPE_TARGET,   /* inside target code (entry point, handlers, callbacks) */
	SCOPE_PROCESS,  /* anywhere in the process, the host runtime included */
};

/* A libfiu point as a fault. */
struct fault_point {
	const char *fiu;        /* the libfiu point name */
	const char *proc;       /* "agent", "device", or NULL: given by proc= */
	enum fault_scope scope;
	int posix;              /* a POSIX preload point: the child needs LD_PRELOAD */
	int action;             /* what firing does, below */
	int default_errno;      /* errno the failing call sets (0: none) */
};

#define POINT_FAIL  0   /* the call fails (errno set) and the code goes on */
#define POINT_OOM   1   /* allocation failure: the host reports out of memory and exits */
#define POINT_CRASH 2   /* the process kills itself (SIGKILL) at the point */

struct fault_param {
	const char *key;
	int kind;
	const char *desc;          /* includes the default */
	long long min_us, max_us;  /* allowed range for durations */
	const char *choices;       /* FAULT_PARAM_CHOICE: "drop|early|late" */
};

struct fault_info {
	const char *name;
	enum fault_id id;
	const char *desc;
	const char *mechanism;
	const struct fault_param *params;  /* terminated by key NULL */
	const struct fault_point *point;   /* FAULT_POINT only */
};

/* Terminated by an entry with name NULL. */
const struct fault_info *fault_catalog(void);

/* NULL when no fault has that name. */
const struct fault_info *fault_find(const char *name);

/* 1 when chaos swarms (faults/swarm.c) may draw f, and a campaign's
 * coverage expects it to fire; 0 for a fault that breaks a harness-wide
 * invariant by construction (agent/duplicate breaks single-agent), since
 * every run that drew it would fail for the cloud's sake, whatever the
 * target does. Explicit schedules (run, sweep) use any fault. */
int fault_in_swarm(const struct fault_info *f);

/* What a target must declare for f to have anything to act on, as the
 * manifest's key ("workload.endpoints" for the http/out faults), or NULL
 * when every target can take f. A chaos campaign never draws f for a
 * target without it, and its coverage does not expect f to fire unless
 * some target of the campaign has it (harness/campaign/chaos.c). */
const char *fault_requires(const struct fault_info *f);

/* 1 when f acts on calls rather than at an instant: once armed it changes
 * the next `count` calls (a libfiu point's, or the agent's outbound HTTP
 * requests for http/out), and in a 'from ... p=P' window each call with
 * probability P. 0 for the cloud's one-off faults (restart, migrate, ...),
 * which a window strikes once a simulated minute with probability P. */
int fault_per_call(const struct fault_info *f);

/* Checks a parsed schedule entry against the catalogue: a known fault, known
 * parameters, well-formed values in range. 0, or -EINVAL with err saying
 * what is wrong ("line 1, column 9: unknown fault 'agent/crsh' (try
 * 'impchaos faults')"). */
int fault_validate(const struct sched_entry *e, char *err, size_t errlen);

/* A duration parameter of e, or dflt when it is not given (e was
 * validated). */
long long fault_param_us(const struct sched_entry *e, const char *key, long long dflt);

/* An integer parameter (count=, nth=) of e, or dflt. */
long long fault_param_int(const struct sched_entry *e, const char *key, long long dflt);

/* The errno= parameter of e as a number, or the point's default. */
int fault_param_errno(const struct sched_entry *e, const struct fault_info *f);

/* The process a point fault is armed in: its own, or proc=. NULL if none. */
const char *fault_point_proc(const struct sched_entry *e, const struct fault_info *f);

/* Names of the errnos accepted by errno=, for listings. */
const char *fault_errno_names(void);

/* errno number for a name ("ENOSPC"), 0 when unknown. */
int fault_errno_value(const char *name);

#endif
