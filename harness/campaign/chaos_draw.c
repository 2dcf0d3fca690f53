/*
 * chaos_draw.c - the schedule a chaos campaign gives one run: the seed's
 * swarm (faults/swarm.c) without the faults the target's manifest
 * excludes ("chaos_exclude") or --only leaves out, thinned to
 * MAX_INJECTIONS. Campaign side (chaos.c -> chaos_draw.c -> faults/).
 */
#include "chaos_int.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/duration.h"
#include "core/prng.h"
#include "faults/catalog.h"
#include "faults/swarm.h"

/* Injections per swarm run at most: enough to overlap faults, few enough
 * that shrinking stays quick. A swarm that draws more is thinned evenly
 * (a seeded choice), so the end of a run is as busy as its start. */
#define MAX_INJECTIONS 40
#define MAX_DRAWN 4000

/* Keeps MAX_INJECTIONS of the swarm's injections, chosen uniformly (in
 * order) by a stream of the seed: selection sampling. */
static size_t thin(struct swarm *sw, uint64_t seed)
{
	struct prng p;
	size_t i, kept = 0;

	if (sw->n <= MAX_INJECTIONS)
		return sw->n;
	prng_init(&p, seed, "chaos/thin");
	for (i = 0; i < sw->n; i++) {
		size_t left = sw->n - i, need = MAX_INJECTIONS - kept;

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

int chaos_draw(const struct campaign *c, size_t ti, uint64_t seed, char **text, char *err,
	       size_t errlen)
{
	struct swarm sw;
	int64_t dur;
	int rc;

	*text = NULL;
	duration_parse(c->o->duration, &dur);
	if ((rc = swarm_generate(seed, dur, MAX_DRAWN, &sw)) == 0) {
		size_t all = sw.n;

		sw.n = drop_excluded(&sw, c->exclude[ti], c->o->only);
		sw.n = thin(&sw, seed);
		rc = swarm_to_schedule_text(&sw, text);
		sw.n = all;
	}
	if (rc < 0)
		snprintf(err, errlen, "cannot draw a fault schedule for seed %llu: %s",
			 (unsigned long long)seed, strerror(-rc));
	swarm_release(&sw);
	return rc;
}
