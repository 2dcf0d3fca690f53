/*
 * duration.h - simulated durations as text: harness core, used by the
 * orchestrator.
 *
 * Durations in the harness are int64_t microseconds of simulated time. This
 * module turns the text a human writes ("90s", "1h30m", "1.5d") into that
 * count and back, for command-line options, fault schedules and reports.
 */
#ifndef IMPCHAOS_DURATION_H
#define IMPCHAOS_DURATION_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parses one or more <number><unit> terms with no spaces between them.
 * Units are us, ms, s, m, h, d, w. A number is digits with an optional
 * decimal part ("1.5h"); terms add up ("1h30m", "2d12h"); "0" alone is 0.
 *
 * Rejected with -EINVAL (malformed): the empty string, a number without a
 * unit (other than "0"), an unknown unit, a sign, trailing junk, and a
 * decimal part that does not come to a whole number of microseconds
 * ("1.5us"). Rejected with -ERANGE: a total over 10 years (3650 days).
 * Returns 0 on success; *out_us is written only then.
 */
int duration_parse(const char *s, int64_t *out_us);

/*
 * Writes canonical text for `us` into buf, like snprintf: at most n bytes
 * including the NUL, and returns the length the full text has (so a result
 * >= n means it was truncated; buf may be NULL when n is 0).
 *
 * Largest units first with zero components left out, and no weeks:
 * 0 -> "0s", 90000000 -> "1m30s", 1500 -> "1ms500us", 8 days -> "8d".
 * Negative values get a leading '-'. For 0 <= x <= 10 years,
 * duration_parse() of the text gives x back.
 */
size_t duration_format(int64_t us, char *buf, size_t n);

/* A point in simulated time as a clock reading for messages and reports:
 * "05:59:03.490", or "2d 05:59:03.490" from the second day on (millisecond
 * precision, truncated). snprintf-like return. */
size_t duration_clock(int64_t us, char *buf, size_t n);

#endif
