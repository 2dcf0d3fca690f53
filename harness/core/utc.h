/*
 * utc.h - points on the calendar as text: harness core. The simulated clock
 * starts at a UTC time (a scenario's "start", `--start`), written and read
 * as "2026-03-31T23:40:00Z". Pure arithmetic: no time zone, locale or libc
 * calendar is involved, so every machine reads a start the same way.
 */
#ifndef IMPCHAOS_UTC_H
#define IMPCHAOS_UTC_H

#include <stddef.h>
#include <stdint.h>

/* The form utc_parse() accepts, for error messages. */
#define UTC_FORM "YYYY-MM-DDTHH:MM:SSZ (UTC), e.g. 2026-03-31T23:40:00Z"

/* The earliest and latest start accepted: 1970-01-01T00:00:00Z and
 * 2037-12-31T23:59:59Z (Squirrel's time() is a 32-bit integer, as on the
 * imp, and runs out in January 2038). */
#define UTC_MIN_S 0LL
#define UTC_MAX_S 2145916799LL

/* Parses "YYYY-MM-DDTHH:MM:SSZ" (a real date of the Gregorian calendar,
 * hours 00-23, seconds 00-59) into seconds since the Unix epoch. 0, or
 * -EINVAL for anything else (a missing Z, a time zone offset, 2026-02-30,
 * trailing text) and -ERANGE outside [UTC_MIN_S, UTC_MAX_S]. */
int utc_parse(const char *s, int64_t *out_s);

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ"; snprintf-like return. */
size_t utc_format(int64_t t, char *buf, size_t n);

/* Days since 1970-01-01 of a date of the proleptic Gregorian calendar
 * (month 1-12). */
int64_t utc_days_from_civil(int64_t y, int m, int d);

/* Days in month m (1-12) of year y. */
int utc_month_days(int64_t y, int m);

#endif
