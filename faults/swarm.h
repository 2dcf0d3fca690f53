/*
 * swarm.h - swarm-testing fault schedules for chaos mode: from a seed, draw a random subset of the fault catalogue, a random
 * rate for each fault in it, and the concrete injections that follow.
 * Faults side; the chaos campaign (harness/campaign/chaos.c) turns each seed's swarm
 * into an explicit schedule and runs it.
 *
 * Swarm testing (Groce et al., "Swarm Testing", ISSTA 2012) leaves each
 * fault kind out of some configurations on purpose: a bug that one fault
 * provokes is often masked when every other fault fires as well.
 *
 * How a swarm is drawn, for seed S and simulated duration D:
 *   - each catalogued fault is included with probability 1/2 (at least one
 *     always is), except the few that fault_in_swarm() leaves out because
 *     they break a harness-wide invariant by construction (agent/duplicate
 *     and single-agent: every run drawing it would fail);
 *   - an included fault gets a mean interval drawn log-uniformly from
 *     [D/50, D/2] (never below SWARM_MIN_MEAN_US), and Poisson arrivals over
 *     (0, D) at that rate, at whole milliseconds;
 *   - each injection sets each duration parameter with probability 1/2,
 *     uniformly in [min, min(max, SWARM_DURATION_CAP_US)] (or min when that
 *     is above the cap), and leaves it unset otherwise so that the fault
 *     draws its own default; a proc= parameter (agent or device) is always
 *     set, since a raw libfiu point needs one; other parameters keep their
 *     defaults.
 * Each fault draws from its own streams, "swarm/<name>" (inclusion, rate,
 * times) and "swarm/<name>/params", so a fault added to the catalogue, or a
 * parameter added to one fault, leaves every other fault's draws as they
 * were. Nothing here knows a fault by name: the catalogue is read afresh.
 */
#ifndef IMPCHAOS_SWARM_H
#define IMPCHAOS_SWARM_H

#include <stddef.h>
#include <stdint.h>

#include "schedule.h"

/* Duration parameters are drawn at most this long (10 minutes) unless their
 * minimum is longer: a catalogue maximum such as 30 days for the device's
 * power-off would otherwise take the device away for most of a run. */
#define SWARM_DURATION_CAP_US (10 * 60 * 1000000LL)

/* The shortest mean interval between injections of one fault (10 s), which
 * keeps short runs from turning into storms of one fault. */
#define SWARM_MIN_MEAN_US (10 * 1000000LL)

/* Times and drawn durations are whole milliseconds, so that schedules read
 * "at 5h12m3s456ms" rather than ending in microseconds. */
#define SWARM_RES_US 1000LL

struct swarm_injection {
	int64_t t_us;                   /* in (0, duration) */
	const char *fault;              /* catalogue name, static */
	struct schedule_param *params;  /* owned by the swarm */
	size_t nparams;
};

struct swarm {
	struct swarm_injection *v;      /* sorted by time */
	size_t n;
	const char **included;          /* names of the faults in this swarm
					 * configuration, in catalogue order;
					 * the array is owned, the strings static */
	int64_t *mean_us;               /* the mean interval drawn for each */
	size_t nincluded;
};

/*
 * Draws the swarm for `seed` over a run of duration_us into *out (which is
 * overwritten, not released): at most max_injections injections, the
 * latest dropped beyond that. The same seed, duration and catalogue always
 * give the same swarm. Returns 0, -EINVAL for a duration below 1 us, or
 * -ENOMEM; *out is empty on error.
 */
int swarm_generate(uint64_t seed, int64_t duration_us, size_t max_injections, struct swarm *out);

/*
 * Writes the injections as schedule text into *text (malloc'd, the caller
 * frees it): one "at T FAULT [k=v ...]" line per injection, e.g.
 * "at 1h2m3s agent/crash restart_after=30s\n", which schedule_parse() reads
 * and fault_validate() accepts. "" for no injections. 0 or -ENOMEM (*text
 * is then NULL).
 */
int swarm_to_schedule_text(const struct swarm *sw, char **text);

/* Frees everything and leaves *sw empty; safe on a zeroed swarm and twice. */
void swarm_release(struct swarm *sw);

#endif
