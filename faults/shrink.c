/*
 * shrink.c - delta debugging and duration bisection for shrinking failing
 * chaos runs (see shrink.h). Faults side; harness/campaign/minimize.c drives it.
 *
 * DESIGN
 * ------
 * shrink_ddmin() is ddmin from Zeller and Hildebrandt, "Simplifying and
 * Isolating Failure-Inducing Input" (2002), over the indices of the items
 * kept at the start. The current failing set c is cut into `gran` chunks:
 *
 *     test each chunk        a chunk fails       -> c = chunk, gran = 2
 *     test each complement   a complement fails  -> c = complement,
 *                                                   gran = max(gran - 1, 2)
 *     nothing failed         gran < |c|          -> gran = min(2 gran, |c|)
 *                            gran == |c|         -> done: every "c minus one
 *                                                   item" passed, 1-minimal
 *
 * For |c| == 1 the only complement is the empty set, which is tested too,
 * so "removing any one item makes it pass" holds down to the last item.
 *
 * Every tested subset goes into a hash set keyed by its bitmap, seeded with
 * the starting configuration as failing. That serves three ends: the same
 * subset is never run twice (with gran == 2 the chunks are each other's
 * complements, and after a reduction earlier chunks come round again), the
 * starting set is never re-run, and the loop needs no special cases for
 * them. Only outcomes 0 and 1 are cached; an error ends the search.
 *
 * shrink_duration() keeps the invariant "a passes, b fails" and halves
 * (a, b) at multiples of res until no multiple of res lies strictly between.
 */
#include "shrink.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* One tested subset: its packed bitmap (owned) and whether it failed. */
struct seen {
	unsigned char *bits;
	int failed;
};

/* Open-addressed hash set of tested subsets; cap is a power of two and at
 * most half full, so a probe always ends at an empty slot. */
struct cache {
	struct seen *v;
	size_t cap, used, nbytes;
};

/* The state of one shrink_ddmin() call. */
struct dd {
	size_t n;
	shrink_test_cb test;
	void *ud;
	size_t calls;
	unsigned char *keep;    /* n bytes: the callback's argument */
	unsigned char *bits;    /* nbytes: the same set, packed, as a cache key */
	struct cache cache;
};

static uint64_t hash_bits(const unsigned char *b, size_t len)
{
	/* FNV-1a: subsets are few (at most a few thousand) and tests are
	 * whole simulation runs, so a simple hash is plenty. */
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < len; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

/* The slot holding `bits`, or the empty slot where it would go. */
static struct seen *cache_slot(struct cache *c, const unsigned char *bits)
{
	size_t i = (size_t)hash_bits(bits, c->nbytes) & (c->cap - 1);

	while (c->v[i].bits && memcmp(c->v[i].bits, bits, c->nbytes) != 0)
		i = (i + 1) & (c->cap - 1);
	return &c->v[i];
}

static int cache_grow(struct cache *c)
{
	struct cache bigger = { .cap = c->cap ? 2 * c->cap : 64, .used = c->used,
				.nbytes = c->nbytes };

	bigger.v = calloc(bigger.cap, sizeof(*bigger.v));
	if (!bigger.v)
		return -ENOMEM;
	for (size_t i = 0; i < c->cap; i++)
		if (c->v[i].bits)
			*cache_slot(&bigger, c->v[i].bits) = c->v[i];
	free(c->v);
	*c = bigger;
	return 0;
}

/* Records that `bits` (copied) failed or passed. */
static int cache_put(struct cache *c, const unsigned char *bits, int failed)
{
	struct seen *s;

	if (2 * (c->used + 1) > c->cap && cache_grow(c) < 0)
		return -ENOMEM;
	s = cache_slot(c, bits);
	s->bits = malloc(c->nbytes ? c->nbytes : 1);
	if (!s->bits)
		return -ENOMEM;
	memcpy(s->bits, bits, c->nbytes);
	s->failed = failed;
	c->used++;
	return 0;
}

static void cache_release(struct cache *c)
{
	for (size_t i = 0; i < c->cap; i++)
		free(c->v[i].bits);
	free(c->v);
	c->v = NULL;
	c->cap = c->used = 0;
}

/* Sets d->keep and d->bits to the union of items[lo, hi) and items[lo2, hi2). */
static void dd_select(struct dd *d, const size_t *items, size_t lo, size_t hi, size_t lo2,
		      size_t hi2)
{
	memset(d->keep, 0, d->n);
	memset(d->bits, 0, d->cache.nbytes);
	for (size_t i = lo; i < hi; i++)
		d->keep[items[i]] = 1;
	for (size_t i = lo2; i < hi2; i++)
		d->keep[items[i]] = 1;
	for (size_t i = 0; i < d->n; i++)
		if (d->keep[i])
			d->bits[i / 8] |= (unsigned char)(1u << (i % 8));
}

/* 1 if the selected set fails, 0 if it passes (from the cache when it was
 * tested before), or a negative errno. */
static int dd_test(struct dd *d)
{
	struct seen *s = cache_slot(&d->cache, d->bits);
	int rc;

	if (s->bits)
		return s->failed;
	d->calls++;
	rc = d->test(d->keep, d->n, d->ud);
	if (rc < 0)
		return rc;
	rc = rc > 0;
	return cache_put(&d->cache, d->bits, rc) < 0 ? -ENOMEM : rc;
}

/* Makes c the items [lo, hi) and [lo2, hi2) of itself, in order; tmp has
 * room for all of c. Returns the new size. */
static size_t dd_keep(size_t *c, size_t *tmp, size_t lo, size_t hi, size_t lo2, size_t hi2)
{
	size_t m = 0;

	for (size_t i = lo; i < hi; i++)
		tmp[m++] = c[i];
	for (size_t i = lo2; i < hi2; i++)
		tmp[m++] = c[i];
	memcpy(c, tmp, m * sizeof(*c));
	return m;
}

/* The ddmin loop over the m items in c (see DESIGN); c and m are updated
 * to the 1-minimal failing set. */
static int dd_run(struct dd *d, size_t *c, size_t *tmp, size_t *mp)
{
	size_t m = *mp, gran = 2;
	int rc = 0;

	while (m > 0) {
		bool reduced = false;

		if (gran > m)
			gran = m;
		/* With one chunk, the chunk is c itself, known to fail. */
		for (size_t i = 0; gran > 1 && i < gran && !reduced; i++) {
			size_t lo = i * m / gran, hi = (i + 1) * m / gran;

			dd_select(d, c, lo, hi, 0, 0);
			if ((rc = dd_test(d)) < 0)
				goto out;
			if (rc) {
				m = dd_keep(c, tmp, lo, hi, 0, 0);
				gran = 2;
				reduced = true;
			}
		}
		for (size_t i = 0; i < gran && !reduced; i++) {
			size_t lo = i * m / gran, hi = (i + 1) * m / gran;

			dd_select(d, c, 0, lo, hi, m);
			if ((rc = dd_test(d)) < 0)
				goto out;
			if (rc) {
				m = dd_keep(c, tmp, 0, lo, hi, m);
				gran = gran > 2 ? gran - 1 : 2;
				reduced = true;
			}
		}
		if (!reduced) {
			if (gran >= m)
				break;
			gran = 2 * gran < m ? 2 * gran : m;
		}
	}
	rc = 0;
out:
	*mp = m;
	return rc;
}

int shrink_ddmin(unsigned char *keep, size_t n, shrink_test_cb test, void *ud, size_t *tests)
{
	struct dd d = { .n = n, .test = test, .ud = ud, .cache = { .nbytes = (n + 7) / 8 } };
	size_t *c = NULL, *tmp = NULL, m = 0;
	int rc = -ENOMEM;

	c = calloc(n ? n : 1, sizeof(*c));
	tmp = malloc((n ? n : 1) * sizeof(*tmp));
	d.keep = malloc(n ? n : 1);
	d.bits = calloc(d.cache.nbytes ? d.cache.nbytes : 1, 1);
	if (!c || !tmp || !d.keep || !d.bits)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (keep[i])
			c[m++] = i;

	/* The starting configuration failed: the caller saw it fail. */
	dd_select(&d, c, 0, m, 0, 0);
	if (cache_put(&d.cache, d.bits, 1) < 0)
		goto out;
	rc = dd_run(&d, c, tmp, &m);
	if (rc == 0 && n > 0) {
		memset(keep, 0, n);
		for (size_t i = 0; i < m; i++)
			keep[c[i]] = 1;
	}
out:
	if (tests)
		*tests = d.calls;
	cache_release(&d.cache);
	free(d.bits);
	free(d.keep);
	free(tmp);
	free(c);
	return rc;
}

int shrink_duration(int64_t lo, int64_t hi, int64_t res, shrink_dur_cb fails, void *ud,
		    int64_t *out)
{
	int64_t a = lo, b = hi;
	int rc;

	if (lo < 0 || lo > hi)
		return -EINVAL;
	if (res < 1)
		res = 1;
	if (lo < hi) {
		rc = fails(lo, ud);
		if (rc < 0)
			return rc;
		if (rc > 0)
			b = lo;
	}
	while (a < b) {
		/* The multiple of res nearest below the middle, or else the
		 * first one above a; both are >= 0 since a >= 0. */
		int64_t mid = a + (b - a) / 2, m = mid - mid % res;

		if (m <= a) {
			if (res >= b - m)
				break;
			m += res;
		}
		if (m >= b)
			break;
		rc = fails(m, ud);
		if (rc < 0)
			return rc;
		if (rc > 0)
			b = m;
		else
			a = m;
	}
	*out = b;
	return 0;
}
