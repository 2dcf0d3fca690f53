/*
 * cause.h - why an invariant failed, as far as the trace can tell: the
 * injected faults and platform events that came before its first
 * violation, within a horizon that depends on the invariant. Reports side
 * (run_scan.c and run_page.c -> cause.c -> clock.c).
 *
 * The finder knows no target. For each invariant it knows where the
 * trouble can have started (the horizon), and for each trace event kind
 * whether it is a fault or a platform event (a candidate):
 *
 *   counter-monotonic:NAME[/EPOCH]   since NAME was last seen (observed or
 *                                    saved) before the violation: the value
 *                                    that held
 *   persist-roundtrip                since the last successful save
 *   liveness:MSG,GAP[,GRACE]         since MSG last reached the device (at
 *                                    least GAP + GRACE before the violation)
 *   any other                        CAUSE_DEFAULT_WINDOW
 *
 * Candidates: injected faults (fault, fault.fire), process starts and
 * exits, migrations, stale duplicates and their end, deploys and version
 * skew, device shutdowns, suspends and resumes, link changes, a stale
 * store, dropped or lost messages and requests, refused timers, errors
 * the targets logged. The run's own start (the first agent and device
 * instances, the first connection) is not a candidate.
 */
#ifndef IMPCHAOS_CAUSE_H
#define IMPCHAOS_CAUSE_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#define CAUSE_DEFAULT_WINDOW (10 * 60 * 1000000LL)   /* 10 min */
#define CAUSE_MAX 8          /* candidates kept per failure, nearest first */

struct cause_horizon {
	int since;            /* 1: from the last event cause_held() takes; 0: a fixed window */
	int64_t window;       /* when !since; liveness: GAP + GRACE, the least it spans */
	char name[128];       /* counter-monotonic: the counter; "" otherwise */
	int saves;            /* persist-roundtrip: the last successful save */
	int deliver;          /* liveness: the last delivery of name to the device */
};

/* The horizon of the invariant spec (e.g. "liveness:temps,31m"). */
void cause_horizon(const char *invariant, struct cause_horizon *hz);

#define CAUSE_KEY_MAX 140

/* The sightings (run_scan.h: "o:NAME", "s:FIELD", "S", "d:MSG") whose
 * latest before the violation starts the horizon (hz->since only): the
 * counter observed or saved, a successful save, MSG delivered to the
 * device. Returns how many (0 to 2) it wrote into keys. */
size_t cause_keys(const struct cause_horizon *hz, char keys[2][CAUSE_KEY_MAX]);

/* 1 when ev is an injected fault or a platform event. */
int cause_candidate(const json_t *ev);

/* ev as a short plain sentence ("agent/restart injected (outage=2s)",
 * "agent #2 started on imp04, version 1"). Like snprintf. */
size_t cause_describe(const json_t *ev, char *buf, size_t n);

/*
 * The cause line of a failure first violated at t_v: the nearest injected
 * fault among cause[0..n) (nearest first; else the nearest candidate), how
 * long before the violation, when, and what the platform did between:
 *   "3.4 s after agent/restart injected at 2026-01-01 06:00:00 (0+06:00:00.000);
 *    then agent #1 stopped, agent #2 started on imp04, version 1"
 * With none in the horizon, names the nearest before it (earlier, or
 * NULL). Plain text; like snprintf.
 */
size_t cause_headline(json_t *const *cause, size_t n, const json_t *earlier, int64_t t_v,
		      int64_t start_s, char *buf, size_t len);

#endif
