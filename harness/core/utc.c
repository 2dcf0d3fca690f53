/*
 * utc.c - points on the calendar as text (see utc.h): harness core, used by
 * the run options (`--start`), scenario.json and chaos campaigns, which
 * draw a start per run.
 *
 * DESIGN
 * ------
 * Days from a civil date count whole 400-year eras (146097 days each), then
 * years within the era from March, so that the leap day is the last day of
 * its "year" and needs no special case. The inverse splits the same way.
 */
#include "utc.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int utc_month_days(int64_t y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : days[m - 1];
}

int64_t utc_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* n decimal digits at s into *v; 0 or -EINVAL. */
static int digits(const char *s, int n, int *v)
{
	int i;

	for (*v = 0, i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int utc_parse(const char *s, int64_t *out_s)
{
	int y, mo, d, h, mi, sec;
	int64_t t;

	if (!s || strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != 'Z')
		return -EINVAL;
	if (digits(s, 4, &y) < 0 || digits(s + 5, 2, &mo) < 0 || digits(s + 8, 2, &d) < 0 ||
	    digits(s + 11, 2, &h) < 0 || digits(s + 14, 2, &mi) < 0 || digits(s + 17, 2, &sec) < 0)
		return -EINVAL;
	if (mo < 1 || mo > 12 || d < 1 || d > utc_month_days(y, mo) || h > 23 || mi > 59 || sec > 59)
		return -EINVAL;
	t = utc_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	if (t < UTC_MIN_S || t > UTC_MAX_S)
		return -ERANGE;
	*out_s = t;
	return 0;
}

size_t utc_format(int64_t t, char *buf, size_t n)
{
	int64_t days = (t >= 0 ? t : t - 86399) / 86400, secs = t - days * 86400, y;
	int m, d, k;

	civil_from_days(days, &y, &m, &d);
	k = snprintf(buf, n, "%04lld-%02d-%02dT%02lld:%02lld:%02lldZ", (long long)y, m, d,
		     (long long)(secs / 3600), (long long)(secs / 60 % 60), (long long)(secs % 60));
	return k < 0 ? 0 : (size_t)k;
}
