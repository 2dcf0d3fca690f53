/*
 * clock.c - simulated time as calendar time, gaps as short text, day and
 * week numbers as dates. Reports side (run_page.c, cause.c, plot.c ->
 * clock.c); clock.h says what each function gives.
 */
#define _DEFAULT_SOURCE
#include "clock.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t clock_start_of(const json_t *o, int64_t def)
{
	const json_t *v = json_object_get(o, "start");
	struct tm tm = { 0 };
	const char *s, *end;

	if (json_is_integer(v))
		return (int64_t)json_integer_value(v);
	if (!json_is_string(v))
		return def;
	s = json_string_value(v);
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end || (*end && strcmp(end, "Z") && strcmp(end, "+00:00")))
		return def;
	return (int64_t)timegm(&tm);
}

size_t clock_format(int64_t start_s, int64_t t_us, char *buf, size_t n)
{
	int64_t us = t_us < 0 ? 0 : t_us;
	time_t secs = (time_t)(start_s + us / 1000000);
	int ms = (int)(us % 1000000 / 1000);
	struct tm tm;
	char date[40];

	if (!gmtime_r(&secs, &tm) || !strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", &tm))
		return (size_t)snprintf(buf, n, "?");
	if (ms)
		return (size_t)snprintf(buf, n, "%s.%03d", date, ms);
	return (size_t)snprintf(buf, n, "%s", date);
}

size_t clock_gap(int64_t us, char *buf, size_t n)
{
	double s = (double)(us < 0 ? -us : us) / 1e6;

	if (s < 0.001)
		return (size_t)snprintf(buf, n, "%.0f \xC2\xB5s", s * 1e6);
	if (s < 1)
		return (size_t)snprintf(buf, n, "%.3g ms", s * 1e3);
	if (s < 10)
		return (size_t)snprintf(buf, n, "%.1f s", s);
	if (s < 120)
		return (size_t)snprintf(buf, n, "%.0f s", s);
	if (s < 7200)
		return (size_t)snprintf(buf, n, "%.0f min", s / 60);
	if (s < 3 * 86400)
		return (size_t)snprintf(buf, n, "%.1f h", s / 3600);
	return (size_t)snprintf(buf, n, "%.1f d", s / 86400);
}

int clock_epoch_unit(double lo, double hi, int64_t start_s, int64_t t_from, int64_t t_to)
{
	double d0 = floor((double)(start_s + t_from / 1000000) / 86400);
	double d1 = floor((double)(start_s + t_to / 1000000) / 86400);

	if (!isfinite(lo) || !isfinite(hi) || lo != floor(lo) || hi != floor(hi))
		return 0;
	/* A day or a week off either way: a target's clock may lag or lead
	 * the simulated one by a moment around midnight. */
	if (lo >= d0 - 1 && hi <= d1 + 1)
		return 1;
	if (lo >= floor(d0 / 7) - 1 && hi <= floor(d1 / 7) + 1)
		return 7;
	return 0;
}

size_t clock_epoch_text(int unit, double v, char *buf, size_t n)
{
	time_t secs = (time_t)(v * unit * 86400);
	struct tm tm;
	char date[24];

	if (!gmtime_r(&secs, &tm) || !strftime(date, sizeof(date), "%Y-%m-%d", &tm))
		return (size_t)snprintf(buf, n, "%.0f", v);
	return (size_t)snprintf(buf, n, unit == 7 ? "week of %s" : "%s", date);
}
