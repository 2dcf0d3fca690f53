/* datetime.c - UTC calendar arithmetic (see datetime.h).
 *
 * DESIGN ---- Days since the epoch are split into 400-year eras of the
 * proleptic Gregorian calendar (146097 days each), so the computation is exact
 * for any 64-bit input without loops over years. The era arithmetic counts
 * years from 1 March, which puts the leap day at the end of the counted year;
 * the result is then shifted back to January-based months.
 */
#include "datetime.h"

/* Floor division for possibly negative a (b > 0). */
static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

void dt_from_epoch(int64_t t, struct dt_date *d)
{
	/* Days from 1 January of a year to 1 March-based month starts. */
	static const int cum_days[12] = {
		0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
	};
	int64_t days = floor_div(t, 86400);
	int64_t secs = t - days * 86400;
	int64_t z, era, doe, yoe, doy, mp, y;
	int month, day;

	d->hour = (int)(secs / 3600);
	d->min = (int)(secs / 60 % 60);
	d->sec = (int)(secs % 60);
	/* 1970-01-01 was a Thursday (4). */
	d->wday = (int)(((days % 7) + 7 + 4) % 7);

	z = days + 719468;	/* days from 0000-03-01 */
	era = floor_div(z, 146097);
	doe = z - era * 146097;				/* 0..146096 */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;	/* 0..399 */
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* 0..365, from 1 March */
	mp = (5 * doy + 2) / 153;			/* 0..11, March = 0 */
	day = (int)(doy - (153 * mp + 2) / 5 + 1);
	month = (int)(mp < 10 ? mp + 2 : mp - 10);	/* 0..11, January = 0 */
	y = yoe + era * 400 + (month <= 1);
	d->year = (int)y;
	d->month = month;
	d->day = day;
	d->yday = cum_days[month] + day - 1 + (month > 1 && is_leap(y));
}
