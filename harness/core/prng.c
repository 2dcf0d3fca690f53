/*
 * prng.c - named deterministic random streams: harness core, used by the
 * orchestrator.
 *
 * DESIGN
 * ------
 * The stream name and the run seed are hashed together with XXH64 (the seed
 * as XXH64's own seed) into one 64-bit key. splitmix64 expands that key into
 * the 256-bit xoshiro state, as xoshiro's authors recommend: it never yields
 * the all-zero state, and nearby keys give unrelated states.
 *
 * Invariant: s[] is never all zero (xoshiro would then output zeros forever).
 */
#include "prng.h"

#include <string.h>
#include <xxhash.h>

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void prng_init(struct prng *p, uint64_t seed, const char *stream)
{
	uint64_t key = XXH64(stream, strlen(stream), seed);

	for (int i = 0; i < 4; i++)
		p->s[i] = splitmix64(&key);
}

uint64_t prng_next(struct prng *p)
{
	uint64_t *s = p->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t prng_below(struct prng *p, uint64_t n)
{
	uint64_t x, limit;

	if (n == 0)
		return 0;
	/* Draws below `limit` fall into whole copies of [0, n); the
	 * (2^64 mod n) values above it would favour small results, so they
	 * are rejected. (-n) % n computes 2^64 mod n in 64-bit arithmetic. */
	limit = UINT64_MAX - (-n) % n;
	do
		x = prng_next(p);
	while (x > limit);
	return x % n;
}

double prng_unit(struct prng *p)
{
	/* The top 53 bits fill a double's mantissa exactly, so every result
	 * is a multiple of 2^-53 and 1.0 is never reached. */
	return (double)(prng_next(p) >> 11) * 0x1.0p-53;
}

int64_t prng_range(struct prng *p, int64_t lo, int64_t hi)
{
	/* The width is computed in unsigned arithmetic, where it cannot
	 * overflow; only [INT64_MIN, INT64_MAX] has a width of 2^64. */
	uint64_t span = (uint64_t)hi - (uint64_t)lo;

	if (lo > hi)
		return lo;
	if (span == UINT64_MAX)
		return (int64_t)prng_next(p);
	return (int64_t)((uint64_t)lo + prng_below(p, span + 1));
}
