/*
 * chaos_draw.c - what a chaos campaign gives one run: its simulated
 * duration (--for, else the target's own; at most --valgrind-for for a
 * run chosen for valgrind), the start of its clock (drawn
 * from the seed unless --start fixes it) and its schedule: the seed's
 * swarm (faults/swarm.c) without the faults the target's manifest
 * excludes ("chaos_exclude") or --only leaves out, thinned to
 * MAX_INJECTIONS, or to one or two injections in a quiet swarm. Campaign
 * side (chaos.c -> chaos_draw.c -> faults/).
 *
 * Why quiet swarms and drawn starts: a bug that needs one agent instance
 * to live past midnight (a daily total kept by the time since the agent
 * started) never shows when every run starts at midnight and faults
 * restart the agent every few hours. A quarter of the swarms keep one or
 * two injections, so instances live for days; starts fall at any time of
 * any day, and half of them just before a midnight, the end of a week
 * (Monday 00:00 UTC, or Thursday 00:00, where weeks counted as days since
 * 1970 / 7 begin), of a month or of a year.
 */
#include "chaos_int.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/duration.h"
#include "core/prng.h"
#include "core/utc.h"
#include "faults/catalog.h"
#include "faults/swarm.h"

/* Injections per swarm run at most: enough to overlap faults, few enough
 * that shrinking stays quick. A swarm that draws more is thinned evenly
 * (a seeded choice), so the end of a run is as busy as its start. */
#define MAX_INJECTIONS 40
#define MAX_DRAWN 4000

/* One swarm in QUIET_ONE_IN is quiet: at most QUIET_MAX injections. */
#define QUIET_ONE_IN 4
#define QUIET_MAX 2

/* Drawn starts fall in 2026 and 2027. */
#define START_FROM_S 1767225600LL          /* 2026-01-01T00:00:00Z */
#define START_YEARS 2

/* Keeps max of the swarm's injections, chosen uniformly (in order) by a
 * stream of the seed: selection sampling. */
static size_t thin(struct swarm *sw, uint64_t seed, size_t max)
{
	struct prng p;
	size_t i, kept = 0;

	if (sw->n <= max)
		return sw->n;
	prng_init(&p, seed, "chaos/thin");
	for (i = 0; i < sw->n; i++) {
		size_t left = sw->n - i, need = max - kept;

		if (prng_below(&p, left) < need) {
			struct swarm_injection tmp = sw->v[kept];

			sw->v[kept] = sw->v[i];
			sw->v[i] = tmp;
			kept++;
		}
	}
	/* The kept ones are now v[0..kept), still in time order; the dropped
	 * ones stay behind them so that swarm_release frees them. */
	return kept;
}

/* Copies the next comma-separated pattern of *list (--only) into pat and
 * moves *list past it; 0 when the list is done. */
static int next_pattern(const char **list, char *pat, size_t size)
{
	size_t n;

	if (!**list)
		return 0;
	n = strcspn(*list, ",");
	snprintf(pat, size, "%.*s", (int)(n < size ? n : size - 1), *list);
	*list += n + ((*list)[n] == ',');
	return 1;
}

/* Whether a fault is one --only (NULL: everything) lets a campaign draw. */
int chaos_allowed(const char *only, const char *fault)
{
	char pat[256];

	if (!only)
		return 1;
	while (next_pattern(&only, pat, sizeof(pat)))
		if (fnmatch(pat, fault, 0) == 0)
			return 1;
	return 0;
}

/* Every --only pattern must match a catalogued fault: a typo would
 * otherwise run a campaign without the faults meant. */
int chaos_check_only(const char *only, char *err, size_t errlen)
{
	const struct fault_info *f;
	char pat[256];
	int hit;

	if (!only)
		return 0;
	if (!*only) {
		snprintf(err, errlen, "--only needs fault patterns, e.g. --only 'agent/*'");
		return -EINVAL;
	}
	while (next_pattern(&only, pat, sizeof(pat))) {
		for (hit = 0, f = fault_catalog(); f->name && !hit; f++)
			hit = pat[0] && fnmatch(pat, f->name, 0) == 0;
		if (!hit) {
			snprintf(err, errlen, "--only '%s' matches no fault (try 'impchaos faults')", pat);
			return -EINVAL;
		}
	}
	return 0;
}

/* Moves the injections of faults the target excludes (its manifest's
 * "chaos_exclude") or --only leaves out behind the others, keeping time
 * order; returns how many are left in front. */
static size_t drop_excluded(struct swarm *sw, const json_t *exclude, const char *only)
{
	size_t i, j, kept = 0;

	for (i = 0; i < sw->n; i++) {
		int out = !chaos_allowed(only, sw->v[i].fault);

		for (j = 0; j < json_array_size(exclude) && !out; j++)
			out = !strcmp(json_string_value(json_array_get(exclude, j)), sw->v[i].fault);
		if (!out) {
			struct swarm_injection tmp = sw->v[kept];

			sw->v[kept++] = sw->v[i];
			sw->v[i] = tmp;
		}
	}
	return kept;
}

int64_t chaos_draw_start(uint64_t seed)
{
	struct prng p;
	int64_t day, y;
	int m, kind;

	prng_init(&p, seed, "chaos/start");
	kind = (int)prng_below(&p, 10);
	day = START_FROM_S / 86400 + (int64_t)prng_below(&p, 365 * START_YEARS);
	switch (kind) {
	case 5:         /* the midnight that ends the day */
		day++;
		break;
	case 6:         /* Monday 00:00 (1970-01-01, day 0, was a Thursday) */
		day += 7 - (day + 3) % 7;
		break;
	case 7:         /* Thursday 00:00: a new week of days / 7 */
		day += 7 - day % 7;
		break;
	case 8:         /* the 1st of a month */
	case 9:         /* the same, a New Year's Day one time in two */
		y = 2026 + (int64_t)prng_below(&p, START_YEARS);
		m = kind == 9 && prng_below(&p, 2) ? 1 : 1 + (int)prng_below(&p, 12);
		day = utc_days_from_civil(m == 1 ? y + 1 : y, m, 1);
		break;
	default:        /* 0-4: any second of any day */
		return day * 86400 + (int64_t)prng_below(&p, 86400);
	}
	/* The last hour before that midnight, to the second. */
	return day * 86400 - 1 - (int64_t)prng_below(&p, 3600);
}

/* Whether the seed's swarm is quiet (a stream of its own). */
static int quiet_swarm(uint64_t seed, size_t *max)
{
	struct prng p;

	prng_init(&p, seed, "chaos/quiet");
	if (prng_below(&p, QUIET_ONE_IN))
		return 0;
	*max = 1 + (size_t)prng_below(&p, QUIET_MAX);
	return 1;
}

int chaos_draw(const struct campaign *c, size_t ti, uint64_t seed, struct chaos_drawn *d,
	       char *err, size_t errlen)
{
	struct swarm sw;
	int64_t dur = c->duration_us[ti];
	size_t max = MAX_INJECTIONS;
	int rc;

	memset(d, 0, sizeof(*d));
	if (c->o->duration)
		duration_parse(c->o->duration, &dur);
	/* Memcheck slows a run 10-30 times: a run chosen for it is cut to
	 * --valgrind-for before its faults are drawn, so they all fall in it
	 * and its scenario (replay, shrink) has the shorter duration. */
	if (c->o->valgrind_for_us > 0 && dur > c->o->valgrind_for_us &&
	    chaos_valgrind_chosen(c->targets[ti], seed, c->o->valgrind_sample))
		dur = c->o->valgrind_for_us;
	duration_format(dur, d->duration, sizeof(d->duration));
	if (c->o->start)
		snprintf(d->start, sizeof(d->start), "%s", c->o->start);
	else
		utc_format(chaos_draw_start(seed), d->start, sizeof(d->start));
	d->quiet = quiet_swarm(seed, &max);
	if ((rc = swarm_generate(seed, dur, MAX_DRAWN, &sw)) == 0) {
		size_t all = sw.n;

		sw.n = drop_excluded(&sw, c->exclude[ti], c->o->only);
		sw.n = thin(&sw, seed, max);
		rc = swarm_to_schedule_text(&sw, &d->faults);
		sw.n = all;
	}
	if (rc < 0)
		snprintf(err, errlen, "cannot draw a fault schedule for seed %llu: %s",
			 (unsigned long long)seed, strerror(-rc));
	swarm_release(&sw);
	return rc;
}
