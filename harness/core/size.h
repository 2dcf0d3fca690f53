/*
 * size.h - memory sizes as text ("512K", "4M", "81920"): harness core, used
 * by the command line (--agent-memory, --device-memory), target.json's
 * "memory" and the invariants that name a quota.
 */
#ifndef IMPCHAOS_SIZE_H
#define IMPCHAOS_SIZE_H

#include <stddef.h>

/* The largest size accepted: 1 TB (1048576M). */
#define SIZE_MAX_BYTES (1LL << 40)

/* Digits, then an optional K or M (binary: 1K is 1024 bytes, k and m
 * too); more than 0 and at most SIZE_MAX_BYTES. 0 with *out set, or
 * -EINVAL (no sign, space, other unit or trailing text). */
int size_parse(const char *s, long long *out);

/* The shortest of "NM", "NK" or "N" (bytes) that is exact, like
 * snprintf into buf of n bytes; returns buf. */
char *size_format(long long bytes, char *buf, size_t n);

/* What a malformed size was expected to look like, for error messages. */
#define SIZE_EXPECTED "bytes, or a number with K or M, e.g. 81920, 80K, 1M; at most 1048576M"

#endif
