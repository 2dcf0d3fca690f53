/*
 * prng.h - named deterministic random streams: harness core, used by the
 * orchestrator.
 *
 * Every source of randomness in a run (fault timing, network delay, ...) draws
 * from its own named stream, derived from the run's seed and the stream's
 * name. Adding draws to one stream therefore never shifts another, so a seed
 * keeps reproducing the same run as the harness grows.
 *
 * The generator is xoshiro256** (Blackman and Vigna), seeded through
 * splitmix64 from XXH64(stream name, seed). It is not cryptographic.
 */
#ifndef IMPCHAOS_PRNG_H
#define IMPCHAOS_PRNG_H

#include <stdint.h>

struct prng {
	uint64_t s[4];
};

/* The same (seed, stream) gives the same sequence; different stream names
 * give independent sequences. `stream` must not be NULL. */
void prng_init(struct prng *p, uint64_t seed, const char *stream);

/* The next 64 uniformly distributed bits. */
uint64_t prng_next(struct prng *p);

/* Uniform in [0, n), without modulo bias; n == 0 returns 0. */
uint64_t prng_below(struct prng *p, uint64_t n);

/* Uniform in [0, 1) with 53 bits of precision. */
double prng_unit(struct prng *p);

/* Uniform in [lo, hi], both ends included; lo > hi returns lo. */
int64_t prng_range(struct prng *p, int64_t lo, int64_t hi);

#endif
