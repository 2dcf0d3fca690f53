/*
 * target.h - finding the application under test. Harness side.
 *
 * A target is a directory holding target.json (its manifest) and one
 * directory per code variant with a built agent.so and/or device.so:
 *
 *   power_meter/target.json
 *   power_meter/robust/agent.so   power_meter/common/device.so  ...
 *
 * The manifest names each variant's agent and device directories (and,
 * optionally, under "v2", the directories of the code a deploy/code fault
 * installs), the invariants the target declares, its default simulated
 * duration, its workload (sensor specs, HTTP request streams: sim_http.h),
 * and under "chaos_exclude" the faults generated chaos must not pick for it
 * (faults it cannot tolerate by design, such as storage/stale-load for a
 * counter that must never go back). The harness knows nothing else about a
 * target.
 * A variant's "agent" or "device" may instead name a Squirrel file
 * relative to the target's directory ("sq_robust/app.agent.nut"): the hosts
 * run it in their Squirrel VM, with "squirrel_memory": {"agent": BYTES,
 * "device": BYTES} as the VMs' quotas when set. "memory": {"agent": "1M",
 * "device": "80K"} is each side's quota in either language. Every .nut is preprocessed
 * and compiled here, before a run starts, so a syntax error or a missing
 * #require library is bad input, reported as FILE:LINE:COL: error: ...
 * A bare directory (a path to a folder with one *.agent.nut and one
 * *.device.nut and no target.json) is a target too, with defaults
 * (target_nut.c).
 * Targets are looked up by "NAME/VARIANT" in the directories of
 * $IMPCHAOS_TARGET_PATH (colon-separated), then in the example targets'
 * directory, build/targets or the installed one (home.h).
 */
#ifndef IMPCHAOS_TARGET_H
#define IMPCHAOS_TARGET_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "home.h" /* impchaos_home(), for the callers that had it from here */

struct target {
	char *name, *variant;       /* "power_meter", "naive" */
	char *agent_so, *device_so; /* absolute paths */
	char *agent_so2, *device_so2; /* version 2 (deploy/code); NULL: none, a
	                               * deploy installs version 1 again */
	char *description;          /* the variant's, else the target's */
	json_t *invariants;         /* array of spec strings */
	int64_t duration_us;        /* default simulated duration */
	json_t *workload;           /* object */
	json_t *chaos_exclude;      /* array of fault names (validated) */
	long long sq_mem_agent, sq_mem_device; /* Squirrel VM quotas; 0: the host's default */
	long long mem_agent, mem_device; /* "memory": each side's quota, C or Squirrel; 0: none */
	char *note;                 /* for the user (a bare directory: the files picked); or NULL */
};


/* Looks up "NAME/VARIANT". 0, or -ENOENT/-EINVAL with err saying what is
 * wrong and what to do. *out is the caller's (target_free). */
int target_find(const char *spec, struct target **out, char *err, size_t errlen);

/* Every NAME/VARIANT found on the path, in sorted order: a new reference to
 * an array of {"target", "description"}; unreadable manifests are listed
 * with an "error" member instead. */
json_t *target_list(void);

/* The directories of $IMPCHAOS_TARGET_PATH that are not directories (a
 * typo, a tree not checked out): how many, and their names quoted and
 * comma-separated into buf. */
int target_path_missing(char *buf, size_t len);

void target_free(struct target *t);

/* Preprocesses and compiles a Squirrel file as the hosts will: 0, or
 * -EINVAL with err "FILE:LINE:COL: error: message" (target_nut.c). */
int target_nut_check(const char *path, char *err, size_t errlen);

/* When spec is the path of a bare Squirrel directory: 1 and *out (or a
 * negative errno with err when the folder does not hold exactly one of each
 * file); 0 when it is not one (target_nut.c). */
int target_bare(const char *spec, struct target **out, char *err, size_t errlen);

/* 1 when the target declares what `what` names (a fault's requirement,
 * fault_requires(): "workload.endpoints"), or what is NULL; else 0. */
int target_provides(const struct target *t, const char *what);

#endif
