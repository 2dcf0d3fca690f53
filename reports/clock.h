/*
 * clock.h - simulated time as a reader wants it: the wall-clock date and
 * time the simulation stands for, a short "3.4 s" for a gap, and day or
 * week numbers since 1970 as dates. Reports side (run_page.c, cause.c,
 * plot.c -> clock.c); uses only libc and jansson.
 *
 * A run's simulated clock starts at a calendar instant: the "start" of
 * scenario.json or of the trace's run.start event (an ISO 8601 UTC text,
 * "2026-01-01T00:00:00Z", or seconds since 1970), else CLOCK_DEFAULT_START.
 */
#ifndef IMPCHAOS_CLOCK_H
#define IMPCHAOS_CLOCK_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

/* 2026-01-01T00:00:00Z, where the simulation starts unless told. */
#define CLOCK_DEFAULT_START 1767225600LL

/* The start (seconds since 1970) that the object o (scenario.json or a
 * run.start event) records under "start", or def when it has none or it
 * is not a time. */
int64_t clock_start_of(const json_t *o, int64_t def);

/* start_s + t_us as "2026-01-01 06:00:03.437" (milliseconds only when not
 * zero). Like snprintf: returns the length of the full text. */
size_t clock_format(int64_t start_s, int64_t t_us, char *buf, size_t n);

/* A gap of us microseconds, short: "0.4 ms", "3.4 s", "61 s", "12 min",
 * "2.5 h", "3.1 d". */
size_t clock_gap(int64_t us, char *buf, size_t n);

/* What the values lo..hi, seen between simulated t_from and t_to, count,
 * when every one is a whole number within one of the day (or week) since
 * 1970 the run's clock was at: 1 for days, 7 for weeks, 0 for neither. */
int clock_epoch_unit(double lo, double hi, int64_t start_s, int64_t t_from, int64_t t_to);

/* Day (unit 1) or week (unit 7) number v as "2026-01-01" or "week of
 * 2026-01-01" (weeks since 1970 start on a Thursday). */
size_t clock_epoch_text(int unit, double v, char *buf, size_t n);

#endif
