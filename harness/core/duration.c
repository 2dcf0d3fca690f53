/*
 * duration.c - simulated durations as text: harness core, used by the
 * orchestrator.
 *
 * DESIGN
 * ------
 * Parsing is exact integer arithmetic; no floating point touches a value,
 * so "0.1s" is 100000us on every platform. Each unit's size is kept as
 * coef * 10^exp microseconds (an hour is 36 * 10^8), which lets a decimal
 * part with k digits be scaled by 10^(exp - k) without overflow, and tells
 * exactly when it does not come to whole microseconds.
 *
 * The whole text is checked for syntax before the size is judged, so a
 * string that is both malformed and huge is reported as malformed.
 */
#include "duration.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define US_PER_DAY (86400LL * 1000000LL)

/* The largest duration accepted: ten 365-day years. Schedules beyond that
 * are almost certainly typos, and the cap keeps every sum far from
 * INT64_MAX. */
#define DURATION_MAX_US (3650LL * US_PER_DAY)

/* Decimal parts longer than this (after trailing zeros are dropped) can
 * never come to whole microseconds: no unit holds more than 2^13 or 5^8. */
#define MAX_FRAC_DIGITS 13

struct unit {
	const char *name;
	int64_t us;		/* The unit's size in microseconds. */
	int64_t coef;		/* us == coef * 10^exp, coef not divisible by 10. */
	int exp;
};

/* Ordered largest first, which is also the order duration_format() uses. */
static const struct unit units[] = {
	{ "w", 7 * US_PER_DAY, 6048, 8 },
	{ "d", US_PER_DAY, 864, 8 },
	{ "h", 3600LL * 1000000, 36, 8 },
	{ "m", 60LL * 1000000, 6, 7 },
	{ "s", 1000000, 1, 6 },
	{ "ms", 1000, 1, 3 },
	{ "us", 1, 1, 0 },
};

#define NUNITS (sizeof(units) / sizeof(units[0]))

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static const struct unit *find_unit(const char *s, size_t len)
{
	for (size_t i = 0; i < NUNITS; i++)
		if (strlen(units[i].name) == len && memcmp(units[i].name, s, len) == 0)
			return &units[i];
	return NULL;
}

static int64_t pow10i(int k)
{
	int64_t r = 1;

	while (k-- > 0)
		r *= 10;
	return r;
}

/*
 * Parses one <number><unit> term at *sp and advances *sp past it. Sets
 * *too_big instead of failing when the term alone exceeds the maximum, so
 * the caller can go on checking syntax. Returns 0 or -EINVAL.
 */
static int parse_term(const char **sp, int64_t *out, bool *too_big)
{
	const char *s = *sp, *frac = NULL, *u;
	int64_t ip = 0, fp = 0, v;
	int k = 0;
	const struct unit *unit;

	if (!is_digit(*s))
		return -EINVAL;
	for (; is_digit(*s); s++) {
		/* Saturating just above the maximum keeps ip from overflowing
		 * while still showing that the value is too large. */
		ip = ip * 10 + (*s - '0');
		if (ip > DURATION_MAX_US)
			ip = DURATION_MAX_US + 1;
	}
	if (*s == '.') {
		frac = ++s;
		if (!is_digit(*s))
			return -EINVAL;
		while (is_digit(*s))
			s++;
	}
	for (u = s; is_alpha(*s); s++)
		;
	unit = find_unit(u, (size_t)(s - u));
	if (!unit)
		return -EINVAL;

	if (frac) {
		const char *fend = u;

		while (fend > frac && fend[-1] == '0')
			fend--;
		if (fend - frac > MAX_FRAC_DIGITS)
			return -EINVAL;
		for (const char *c = frac; c < fend; c++, k++)
			fp = fp * 10 + (*c - '0');
		/* fp / 10^k < 1, so fp * coef < 10^k * coef stays well inside
		 * int64_t; the result is below one unit. */
		fp *= unit->coef;
		if (k <= unit->exp) {
			fp *= pow10i(unit->exp - k);
		} else {
			int64_t div = pow10i(k - unit->exp);

			if (fp % div != 0)
				return -EINVAL;
			fp /= div;
		}
	}

	if (ip > DURATION_MAX_US / unit->us) {
		*too_big = true;
		v = 0;
	} else {
		v = ip * unit->us + fp;
	}
	*out = v;
	*sp = s;
	return 0;
}

int duration_parse(const char *s, int64_t *out_us)
{
	int64_t total = 0;
	bool too_big = false;

	if (strcmp(s, "0") == 0) {
		*out_us = 0;
		return 0;
	}
	if (*s == '\0')
		return -EINVAL;
	while (*s) {
		int64_t v;
		int rc = parse_term(&s, &v, &too_big);

		if (rc < 0)
			return rc;
		/* Both operands are at most the maximum, so the sum cannot
		 * overflow; clamping keeps it so for the next term. */
		total += v;
		if (total > DURATION_MAX_US) {
			too_big = true;
			total = DURATION_MAX_US;
		}
	}
	if (too_big)
		return -ERANGE;
	*out_us = total;
	return 0;
}

size_t duration_format(int64_t us, char *buf, size_t n)
{
	/* Enough for '-', then up to 19 digits of days and every smaller
	 * unit at its largest (23h59m59s999ms999us), and the NUL. */
	char tmp[64];
	size_t len = 0;
	uint64_t mag;

	if (us < 0) {
		tmp[len++] = '-';
		/* Negating in unsigned arithmetic also handles INT64_MIN. */
		mag = -(uint64_t)us;
	} else {
		mag = (uint64_t)us;
	}
	if (mag == 0) {
		memcpy(tmp + len, "0s", 3);
		len += 2;
	}
	/* Weeks (units[0]) are skipped: "8d" reads better than "1w1d". */
	for (size_t i = 1; i < NUNITS && mag > 0; i++) {
		uint64_t size = (uint64_t)units[i].us, q = mag / size;

		if (q == 0)
			continue;
		mag -= q * size;
		len += (size_t)snprintf(tmp + len, sizeof(tmp) - len, "%llu%s",
					(unsigned long long)q, units[i].name);
	}
	tmp[len] = '\0';
	if (n > 0) {
		size_t c = len < n - 1 ? len : n - 1;

		memcpy(buf, tmp, c);
		buf[c] = '\0';
	}
	return len;
}

size_t duration_clock(int64_t us, char *buf, size_t n)
{
	int64_t ms = us < 0 ? 0 : us / 1000;
	int64_t d = ms / 86400000, h = ms / 3600000 % 24, m = ms / 60000 % 60;
	int64_t sec = ms / 1000 % 60, frac = ms % 1000;
	int k;

	if (d > 0)
		k = snprintf(buf, n, "%lldd %02lld:%02lld:%02lld.%03lld", (long long)d, (long long)h,
			     (long long)m, (long long)sec, (long long)frac);
	else
		k = snprintf(buf, n, "%02lld:%02lld:%02lld.%03lld", (long long)h, (long long)m,
			     (long long)sec, (long long)frac);
	return k < 0 ? 0 : (size_t)k;
}
