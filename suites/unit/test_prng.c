/*
 * test_prng.c - unit tests for the named random streams (harness/core/prng.c),
 * harness core used by the orchestrator.
 *
 * A run must replay exactly from its seed, so these tests pin the generator
 * to published xoshiro256** and splitmix64 outputs and to the documented
 * seeding, then check the derived draws for bounds and rough uniformity.
 * Every seed here is fixed, so each test gives the same verdict every run.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <string.h>
#include <xxhash.h>

#include "core/prng.h"

TestSuite(prng, .timeout = 10);

/* splitmix64 as published by Vigna, written out again so the test does not
 * lean on the code it checks. */
static uint64_t ref_splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

Test(prng, next_matches_published_xoshiro256starstar_outputs)
{
	/* The reference outputs for the state {1, 2, 3, 4}. */
	static const uint64_t want[] = {
		11520ULL, 0ULL, 1509978240ULL, 1215971899390074240ULL,
		1216172134540287360ULL, 607988272756665600ULL,
	};
	struct prng p = { { 1, 2, 3, 4 } };

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		cr_assert_eq(prng_next(&p), want[i], "output %zu", i);
}

Test(prng, init_seeds_state_by_splitmix64_of_xxh64_key)
{
	uint64_t x = 0;

	/* First check the reference itself against splitmix64's known output. */
	cr_assert_eq(ref_splitmix64(&x), 0xe220a8397b1dcdafULL);

	for (uint64_t seed = 0; seed < 4; seed++) {
		struct prng p;
		uint64_t key = XXH64("net/delay", strlen("net/delay"), seed);

		prng_init(&p, seed, "net/delay");
		for (int i = 0; i < 4; i++)
			cr_assert_eq(p.s[i], ref_splitmix64(&key), "seed %llu word %d",
				     (unsigned long long)seed, i);
	}
}

Test(prng, same_seed_and_stream_give_same_sequence)
{
	struct prng a, b;

	prng_init(&a, 1234, "agent/restart");
	prng_init(&b, 1234, "agent/restart");
	for (int i = 0; i < 1000; i++)
		cr_assert_eq(prng_next(&a), prng_next(&b), "draw %d", i);
}

/* Counts equal draws at equal positions of two streams. Independent
 * streams almost never share a 64-bit value, so any match is suspect. */
static int matches(struct prng *a, struct prng *b)
{
	int same = 0;

	for (int i = 0; i < 1000; i++)
		same += prng_next(a) == prng_next(b);
	return same;
}

Test(prng, different_seeds_give_different_sequences)
{
	struct prng a, b;

	prng_init(&a, 1, "agent/restart");
	prng_init(&b, 2, "agent/restart");
	cr_assert_eq(matches(&a, &b), 0);
}

Test(prng, different_stream_names_give_different_sequences)
{
	static const char *const names[] = { "", "a", "b", "ab", "ba", "device/link/send" };
	const size_t n = sizeof(names) / sizeof(names[0]);

	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			struct prng a, b;

			prng_init(&a, 7, names[i]);
			prng_init(&b, 7, names[j]);
			cr_assert_eq(matches(&a, &b), 0, "'%s' vs '%s'", names[i], names[j]);
		}
	}
}

Test(prng, below_stays_below_its_bound)
{
	static const uint64_t bounds[] = {
		1, 2, 3, 7, 10, 1000, 1ULL << 32, (1ULL << 63) + 1, UINT64_MAX - 1, UINT64_MAX,
	};
	struct prng p;

	prng_init(&p, 99, "below");
	for (size_t b = 0; b < sizeof(bounds) / sizeof(bounds[0]); b++)
		for (int i = 0; i < 2000; i++)
			cr_assert_lt(prng_below(&p, bounds[b]), bounds[b]);
	cr_assert_eq(prng_below(&p, 1), 0);
}

Test(prng, below_zero_returns_zero)
{
	struct prng p;

	prng_init(&p, 5, "zero");
	for (int i = 0; i < 100; i++)
		cr_assert_eq(prng_below(&p, 0), 0);
}

Test(prng, below_is_roughly_uniform)
{
	enum { BINS = 10, DRAWS = 100000 };
	long count[BINS] = { 0 };
	double chi2 = 0, expect = (double)DRAWS / BINS;
	struct prng p;

	prng_init(&p, 2024, "uniformity");
	for (int i = 0; i < DRAWS; i++)
		count[prng_below(&p, BINS)]++;
	for (int i = 0; i < BINS; i++)
		chi2 += (count[i] - expect) * (count[i] - expect) / expect;
	/* 9 degrees of freedom: 27.9 is the 0.1% tail; 40 is generous. */
	cr_assert_lt(chi2, 40.0, "chi-square %.1f, counts %ld %ld %ld ...", chi2,
		     count[0], count[1], count[2]);
}

Test(prng, below_rejects_draws_that_would_bias_the_result)
{
	/* With n = 3 * 2^62, a plain x % n would land in the lowest third
	 * half of the time; the three thirds must be even. */
	const uint64_t n = 3ULL << 62;
	enum { DRAWS = 30000 };
	long third[3] = { 0 };
	struct prng p;

	prng_init(&p, 11, "bias");
	for (int i = 0; i < DRAWS; i++)
		third[prng_below(&p, n) >> 62]++;
	for (int i = 0; i < 3; i++)
		cr_assert(third[i] > 9000 && third[i] < 11000, "third %d got %ld of %d",
			  i, third[i], DRAWS);
}

Test(prng, unit_is_in_half_open_interval_with_53_bits)
{
	struct prng p;
	double sum = 0;

	prng_init(&p, 3, "unit");
	for (int i = 0; i < 100000; i++) {
		double u = prng_unit(&p);
		double scaled = u * 0x1.0p53;

		cr_assert(u >= 0.0 && u < 1.0, "draw %d = %a", i, u);
		cr_assert_eq(scaled, (double)(uint64_t)scaled, "draw %d = %a is not k/2^53", i, u);
		sum += u;
	}
	cr_assert(sum / 100000 > 0.49 && sum / 100000 < 0.51, "mean %f", sum / 100000);
}

Test(prng, unit_uses_the_top_53_bits)
{
	struct prng a, b;

	prng_init(&a, 8, "unit-bits");
	b = a;
	for (int i = 0; i < 100; i++)
		cr_assert_eq(prng_unit(&a), (double)(prng_next(&b) >> 11) / 9007199254740992.0);
}

Test(prng, range_reaches_both_inclusive_ends)
{
	bool seen[7] = { false };
	struct prng p;

	prng_init(&p, 17, "range");
	for (int i = 0; i < 1000; i++) {
		int64_t v = prng_range(&p, -3, 3);

		cr_assert(v >= -3 && v <= 3, "draw %d = %lld", i, (long long)v);
		seen[v + 3] = true;
	}
	for (int i = 0; i < 7; i++)
		cr_assert(seen[i], "value %d never drawn", i - 3);
}

Test(prng, range_handles_the_extremes_of_int64)
{
	bool lo = false, hi = false;
	struct prng p;

	prng_init(&p, 23, "extremes");
	for (int i = 0; i < 200; i++) {
		int64_t v = prng_range(&p, INT64_MAX - 1, INT64_MAX);

		cr_assert(v == INT64_MAX - 1 || v == INT64_MAX);
		lo |= v == INT64_MAX - 1;
		hi |= v == INT64_MAX;
		v = prng_range(&p, INT64_MIN, INT64_MIN + 1);
		cr_assert(v == INT64_MIN || v == INT64_MIN + 1);
	}
	cr_assert(lo && hi);
	/* The full span must not divide by zero or loop forever. */
	for (int i = 0; i < 100; i++)
		prng_range(&p, INT64_MIN, INT64_MAX);
}

Test(prng, range_with_one_value_or_lo_above_hi_returns_lo)
{
	struct prng p;

	prng_init(&p, 29, "degenerate");
	for (int i = 0; i < 100; i++) {
		cr_assert_eq(prng_range(&p, 5, 5), 5);
		cr_assert_eq(prng_range(&p, 9, -9), 9);
		cr_assert_eq(prng_range(&p, INT64_MAX, INT64_MIN), INT64_MAX);
	}
}
