/*
 * test_shrink.c - unit tests for delta debugging and duration bisection
 * (faults/shrink.c), used by the harness to shrink failing chaos runs.
 *
 * The tests stand in for simulation runs with predicates over the kept
 * items, record every subset the shrinker asks about, and check the three
 * promises: the result fails and is 1-minimal, no subset is asked twice,
 * and the number of asks stays within ddmin's bounds.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/prng.h"
#include "faults/shrink.h"

TestSuite(shrink, .timeout = 30);

#define SEC 1000000LL
#define MIN (60 * SEC)
#define DAY (86400 * SEC)

/* What the fake test fails on, and what it has been asked. */
struct oracle {
	int (*fails)(const unsigned char *keep, size_t n, const struct oracle *o);
	size_t need[8], nneed;          /* items the predicate looks at */
	size_t min_kept;                /* for at_least_k_of */
	size_t calls;
	size_t error_on_call;           /* 0: never */
	unsigned char **seen;           /* every subset asked, for duplicates */
	const unsigned char *start;     /* no subset may reach outside it */
};

static int all_of(const unsigned char *keep, size_t n, const struct oracle *o)
{
	(void)n;
	for (size_t i = 0; i < o->nneed; i++)
		if (!keep[o->need[i]])
			return 0;
	return 1;
}

static int at_least_k_of(const unsigned char *keep, size_t n, const struct oracle *o)
{
	size_t k = 0;

	(void)n;
	for (size_t i = 0; i < o->nneed; i++)
		k += keep[o->need[i]] != 0;
	return k >= o->min_kept;
}

static int always(const unsigned char *keep, size_t n, const struct oracle *o)
{
	(void)keep, (void)n, (void)o;
	return 1;
}

static int ask(const unsigned char *keep, size_t n, void *ud)
{
	struct oracle *o = ud;

	for (size_t i = 0; i < n; i++) {
		cr_assert(keep[i] == 0 || keep[i] == 1);
		if (o->start)
			cr_assert(!keep[i] || o->start[i], "item %zu was not in the start", i);
	}
	for (size_t i = 0; i < o->calls; i++)
		cr_assert(memcmp(o->seen[i], keep, n) != 0, "subset asked twice (calls %zu and %zu)",
			  i + 1, o->calls + 1);
	if (o->start)
		cr_assert(memcmp(o->start, keep, n) != 0, "the failing start was asked again");
	o->seen = realloc(o->seen, (o->calls + 1) * sizeof(*o->seen));
	o->seen[o->calls] = malloc(n ? n : 1);
	memcpy(o->seen[o->calls], keep, n);
	o->calls++;
	if (o->error_on_call && o->calls == o->error_on_call)
		return -EIO;
	return o->fails(keep, n, o);
}

static void oracle_release(struct oracle *o)
{
	for (size_t i = 0; i < o->calls; i++)
		free(o->seen[i]);
	free(o->seen);
}

/* Runs ddmin from all n items kept and checks the result still fails and
 * is 1-minimal (by asking the predicate directly). Returns the tests. */
static size_t shrink_all(struct oracle *o, unsigned char *keep, size_t n)
{
	unsigned char *start = malloc(n ? n : 1);
	size_t tests = 0;

	memset(keep, 1, n);
	memcpy(start, keep, n);
	o->start = start;
	cr_assert_eq(shrink_ddmin(keep, n, ask, o, &tests), 0);
	cr_assert_eq(tests, o->calls, "*tests counts the callback calls");
	cr_assert_eq(o->fails(keep, n, o), 1, "the result must still fail");
	for (size_t i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		keep[i] = 0;
		cr_assert_eq(o->fails(keep, n, o), 0, "removing item %zu still fails: not 1-minimal", i);
		keep[i] = 1;
	}
	o->start = NULL;
	free(start);
	return tests;
}

static size_t count_kept(const unsigned char *keep, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += keep[i] != 0;
	return k;
}

Test(shrink, finds_exactly_the_pair_that_fails_among_40)
{
	struct oracle o = { .fails = all_of, .need = { 3, 7 }, .nneed = 2 };
	unsigned char keep[40];
	size_t tests = shrink_all(&o, keep, 40);

	cr_assert_eq(count_kept(keep, 40), 2);
	cr_assert(keep[3] && keep[7]);
	cr_assert_leq(tests, 40 * 40);
	cr_assert_leq(tests, 60, "a pair among 40 took %zu tests", tests);
	oracle_release(&o);
}

Test(shrink, finds_a_single_item_in_about_log_n_tests)
{
	static const size_t sizes[] = { 2, 3, 40, 1000 };

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k], log2n = 0, tests;
		struct oracle o = { .fails = all_of, .need = { n * 2 / 3 }, .nneed = 1 };
		unsigned char *keep = malloc(n);

		while (((size_t)1 << log2n) < n)
			log2n++;
		tests = shrink_all(&o, keep, n);
		cr_assert_eq(count_kept(keep, n), 1);
		cr_assert(keep[n * 2 / 3]);
		cr_assert_leq(tests, 2 * log2n + 1, "n %zu took %zu tests", n, tests);
		free(keep);
		oracle_release(&o);
	}
}

Test(shrink, any_two_of_three_gives_a_1_minimal_pair)
{
	struct oracle o = { .fails = at_least_k_of, .need = { 1, 2, 3 }, .nneed = 3, .min_kept = 2 };
	unsigned char keep[10];

	shrink_all(&o, keep, 10);
	cr_assert_eq(count_kept(keep, 10), 2);
	cr_assert_eq(keep[1] + keep[2] + keep[3], 2);
	oracle_release(&o);
}

Test(shrink, keeps_everything_when_every_item_is_needed_within_n_squared_tests)
{
	struct oracle o = { .fails = all_of, .need = { 0, 1, 2, 3, 4, 5, 6, 7 }, .nneed = 8 };
	unsigned char keep[8];
	size_t tests = shrink_all(&o, keep, 8);

	cr_assert_eq(count_kept(keep, 8), 8);
	cr_assert_leq(tests, 8 * 8);
	oracle_release(&o);
}

Test(shrink, random_predicates_give_1_minimal_sets_within_n_squared_tests)
{
	for (uint64_t seed = 1; seed <= 100; seed++) {
		struct prng p;
		size_t n, tests;
		struct oracle o = { 0 };
		unsigned char keep[64];

		prng_init(&p, seed, "test/shrink/random");
		n = 1 + (size_t)prng_below(&p, 64);
		o.nneed = 1 + (size_t)prng_below(&p, 8);
		for (size_t i = 0; i < o.nneed; i++)
			o.need[i] = (size_t)prng_below(&p, n);
		o.min_kept = 1 + (size_t)prng_below(&p, o.nneed);
		o.fails = prng_below(&p, 2) ? all_of : at_least_k_of;
		tests = shrink_all(&o, keep, n);
		cr_assert_leq(tests, n * n + 3 * n, "seed %llu: n %zu took %zu tests",
			      (unsigned long long)seed, n, tests);
		oracle_release(&o);
	}
}

Test(shrink, only_removes_items_from_a_partial_start)
{
	struct oracle o = { .fails = all_of, .need = { 5 }, .nneed = 1 };
	unsigned char keep[20] = { 0 }, start[20];
	size_t tests;

	for (size_t i = 0; i < 20; i += 3)
		keep[i] = 1;             /* 0, 3, 6, ... 18: item 5 is not in it */
	keep[5] = 1;
	memcpy(start, keep, sizeof(start));
	o.start = start;
	cr_assert_eq(shrink_ddmin(keep, 20, ask, &o, &tests), 0);
	cr_assert_eq(count_kept(keep, 20), 1);
	cr_assert(keep[5]);
	oracle_release(&o);
}

Test(shrink, empty_set_when_the_failure_needs_no_item)
{
	struct oracle o = { .fails = always };
	unsigned char keep[9];
	size_t tests = shrink_all(&o, keep, 9);

	cr_assert_eq(count_kept(keep, 9), 0);
	/* 9 -> 4 -> 2 -> 1 item, each first chunk failing, then the empty set. */
	cr_assert_eq(tests, 4);
	oracle_release(&o);
}

Test(shrink, nothing_to_do_without_items)
{
	struct oracle o = { .fails = always };
	unsigned char keep[4] = { 0 };
	size_t tests = 99;

	cr_assert_eq(shrink_ddmin(NULL, 0, ask, &o, &tests), 0);
	cr_assert_eq(tests, 0);
	cr_assert_eq(shrink_ddmin(keep, 4, ask, &o, NULL), 0, "tests may be NULL");
	cr_assert_eq(o.calls, 0, "the empty start is the failing configuration itself");
	oracle_release(&o);
}

Test(shrink, callback_error_aborts_and_leaves_keep_unchanged)
{
	struct oracle o = { .fails = all_of, .need = { 3, 7 }, .nneed = 2, .error_on_call = 3 };
	unsigned char keep[40];
	size_t tests = 0;

	memset(keep, 1, sizeof(keep));
	cr_assert_eq(shrink_ddmin(keep, 40, ask, &o, &tests), -EIO);
	cr_assert_eq(tests, 3);
	cr_assert_eq(count_kept(keep, 40), 40);
	oracle_release(&o);
}

/* Monotone duration predicate: fails from `threshold` on. */
struct dur_oracle {
	int64_t threshold;
	int64_t lo, hi, res;
	size_t calls;
	size_t error_on_call;
};

static int dur_fails(int64_t us, void *ud)
{
	struct dur_oracle *o = ud;

	cr_assert(us >= o->lo && us < o->hi, "asked %lld outside [lo, hi)", (long long)us);
	cr_assert(us == o->lo || us % o->res == 0, "asked %lld, not lo or a multiple of res",
		  (long long)us);
	o->calls++;
	if (o->error_on_call && o->calls == o->error_on_call)
		return -ETIMEDOUT;
	return us >= o->threshold;
}

static int64_t shrink_dur(struct dur_oracle *o)
{
	int64_t out = -1;

	cr_assert_eq(shrink_duration(o->lo, o->hi, o->res, dur_fails, o, &out), 0);
	return out;
}

Test(shrink, duration_finds_the_threshold_rounded_up_to_res)
{
	struct dur_oracle o = { .threshold = 37 * SEC + 123456, .lo = SEC, .hi = DAY, .res = SEC };

	cr_assert_eq(shrink_dur(&o), 38 * SEC);
	cr_assert_leq(o.calls, 19, "86400 steps of 1s should take about 17 tests, took %zu", o.calls);

	o = (struct dur_oracle){ .threshold = 5 * 3600 * SEC + 1, .lo = SEC, .hi = DAY + 123,
				 .res = MIN };
	cr_assert_eq(shrink_dur(&o), 5 * 3600 * SEC + MIN);
}

Test(shrink, duration_is_exact_at_resolution_one)
{
	for (int64_t t = 100; t <= 200; t += 7) {
		struct dur_oracle o = { .threshold = t, .lo = 100, .hi = 1000, .res = 1 };

		cr_assert_eq(shrink_dur(&o), t);
	}
}

Test(shrink, duration_stays_at_hi_when_nothing_shorter_fails)
{
	struct dur_oracle o = { .threshold = 7 * DAY, .lo = SEC, .hi = 7 * DAY, .res = MIN };

	cr_assert_eq(shrink_dur(&o), 7 * DAY);
	o = (struct dur_oracle){ .threshold = 7 * DAY - 1, .lo = SEC, .hi = 7 * DAY, .res = MIN };
	cr_assert_eq(shrink_dur(&o), 7 * DAY, "no multiple of res below hi fails");
}

Test(shrink, duration_returns_lo_when_lo_fails)
{
	struct dur_oracle o = { .threshold = 0, .lo = SEC, .hi = DAY, .res = SEC };

	cr_assert_eq(shrink_dur(&o), SEC);
	cr_assert_eq(o.calls, 1);
}

Test(shrink, duration_asks_nothing_when_lo_equals_hi)
{
	struct dur_oracle o = { .threshold = 0, .lo = SEC, .hi = SEC + 1, .res = SEC };
	int64_t out = -1;

	cr_assert_eq(shrink_duration(SEC, SEC, SEC, dur_fails, &o, &out), 0);
	cr_assert_eq(out, SEC);
	cr_assert_eq(o.calls, 0);
}

Test(shrink, duration_propagates_errors_and_rejects_bad_ranges)
{
	struct dur_oracle o = { .threshold = 37 * SEC, .lo = SEC, .hi = DAY, .res = SEC,
				.error_on_call = 4 };
	int64_t out = -1;

	cr_assert_eq(shrink_duration(SEC, DAY, SEC, dur_fails, &o, &out), -ETIMEDOUT);
	cr_assert_eq(o.calls, 4);
	cr_assert_eq(out, -1);
	cr_assert_eq(shrink_duration(DAY, SEC, SEC, dur_fails, &o, &out), -EINVAL);
	cr_assert_eq(shrink_duration(-1, SEC, SEC, dur_fails, &o, &out), -EINVAL);
	cr_assert_eq(o.calls, 4);
}
