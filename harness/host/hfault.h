/*
 * hfault.h - libfiu fault points inside a child host (imp-agent,
 * imp-device). Internal to harness/host.
 *
 * The harness arms points with "arm" frames (and in the init frame of every
 * new incarnation); this module enables them in libfiu with
 * fiu_enable_external and decides every call itself, from a PRNG stream
 * named for (seed, incarnation, point) and per-point call counts, so a run
 * stays a function of its seed (libfiu's own random points share one
 * generator reseeded at fork). A point fires only in its scope,
 * which the runtime marks with the counters below.
 */
#ifndef IMPCHAOS_HFAULT_H
#define IMPCHAOS_HFAULT_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

/* Scope markers, incremented around the code they name. */
extern int hfault_in_store;    /* server_save()'s file operations */
extern int hfault_in_target;   /* target code: entry point, handlers, callbacks */
extern int hfault_in_runtime;  /* the host's own plumbing (reporting effects) */

/* Non-zero while any point is armed: a one-load guard in front of custom
 * points, which otherwise cost a lock and a hash lookup each. */
extern int hfault_armed;

/* Initialises libfiu. ctl_fd is the control channel's write end (RT_WFD),
 * for the out-of-memory report that must be sent without allocating. */
void hfault_setup(uint64_t seed, int inc, int ctl_fd);

/* Arms a point from its spec {name, fiu, scope, action, mode, n, p, errno}.
 * 0 or -EINVAL with err. */
int hfault_arm(const json_t *spec, char *err, size_t errlen);

/* Disarms every arm of the named fault. */
void hfault_disarm(const char *name);

/* Reports the points that fired since the last call as "fired" effects.
 * Called by rt_effect before each frame it sends. */
void hfault_flush(void);

/* A custom point in host code: if it is armed and fires, the process kills
 * itself there (after telling the harness). */
void hfault_point(const char *fiu_name);

#endif
