/* datetime.h - UTC calendar arithmetic for Squirrel's date(): seconds since the
 * Unix epoch to a broken-down date, with no time zone or libc locale involved
 * (the agent runs in UTC). A pure module used by lib_time.c.
 */
#ifndef SQ_DATETIME_H
#define SQ_DATETIME_H

#include <stdint.h>

/* A broken-down UTC date, with the ranges of the imp's date() table. */
struct dt_date {
	int sec;	/* 0-59 */
	int min;	/* 0-59 */
	int hour;	/* 0-23 */
	int day;	/* day of the month, 1-31 */
	int month;	/* 0-11, January = 0 */
	int year;	/* e.g. 2026 */
	int wday;	/* 0-6, Sunday = 0 */
	int yday;	/* 0-365, 1 January = 0 */
};

/* Splits t (seconds since 1970-01-01T00:00:00Z, negative before it) into d. */
void dt_from_epoch(int64_t t, struct dt_date *d);

#endif
