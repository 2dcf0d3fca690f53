/*
 * test_duration.c - unit tests for duration text (harness/core/duration.c),
 * harness core used by the orchestrator.
 *
 * Durations come from humans on the command line and in fault schedules, so
 * these tests list what is accepted, what is refused and with which error,
 * what the canonical text looks like, and that text and value round-trip.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "core/duration.h"

TestSuite(duration, .timeout = 10);

#define US 1LL
#define MS (1000 * US)
#define SEC (1000 * MS)
#define MIN (60 * SEC)
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)
#define MAX_US (3650 * DAY)

Test(duration, parses_good_inputs)
{
	static const struct {
		const char *s;
		int64_t us;
	} good[] = {
		{ "0", 0 },
		{ "0s", 0 },
		{ "0us", 0 },
		{ "1us", 1 },
		{ "1ms", MS },
		{ "90s", 90 * SEC },
		{ "20m", 20 * MIN },
		{ "6h", 6 * HOUR },
		{ "7d", 7 * DAY },
		{ "1w", 7 * DAY },
		{ "1.5h", 90 * MIN },
		{ "0.5s", 500 * MS },
		{ "1.25ms", 1250 },
		{ "1.000s", SEC },
		{ "10.0s", 10 * SEC },
		{ "0.000001s", 1 },
		{ "0.1s", 100 * MS },
		{ "1.0001w", 7 * DAY + 60480000 },
		{ "0.0001220703125w", 73828125 },
		{ "007s", 7 * SEC },
		{ "1h30m", 90 * MIN },
		{ "2d12h", 60 * HOUR },
		{ "1m1ms", MIN + MS },
		{ "1s500ms", 1500 * MS },
		{ "30m1h", 90 * MIN },
		{ "1h1h", 2 * HOUR },
		{ "1w1d1h1m1s1ms1us", 8 * DAY + HOUR + MIN + SEC + MS + 1 },
		{ "3650d", MAX_US },
		{ "521w", 3647 * DAY },
		{ "87600h", MAX_US },
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int64_t us = -1;
		int rc = duration_parse(good[i].s, &us);

		cr_assert_eq(rc, 0, "'%s': rc %d", good[i].s, rc);
		cr_assert_eq(us, good[i].us, "'%s': got %lld, want %lld", good[i].s,
			     (long long)us, (long long)good[i].us);
	}
}

/* Checks that `s` fails with `want` and leaves the output untouched. */
static void expect_reject(const char *s, int want)
{
	int64_t us = 12345;
	int rc = duration_parse(s, &us);

	cr_assert_eq(rc, want, "'%s': rc %d, want %d", s, rc, want);
	cr_assert_eq(us, 12345, "'%s' wrote the output on error", s);
}

Test(duration, rejects_malformed_inputs_with_einval)
{
	static const char *const bad[] = {
		"", "1", "5", "00", "0.0", "s", "ms", "1x", "1S", "1H", "1y", "1mss",
		"1 s", " 1s", "1s ", "1s\n", "-1s", "+1s", "-0", "1.s", ".5s", "1..5s",
		"1.5.5s", "1e3s", "1h30", "h1", "1hh", "1s;", "1,5s", "0x10s",
		"1.5us", "0.0000001s", "1.0000005ms", "0.00000000000001w",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_reject(bad[i], -EINVAL);
}

Test(duration, rejects_values_over_ten_years_with_erange)
{
	static const char *const big[] = {
		"3651d", "3650d1us", "522w", "87601h", "315360000000000001us",
		"99999999999999999999999999s", "3649d48h", "1.5w3640d",
	};

	for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++)
		expect_reject(big[i], -ERANGE);
}

Test(duration, reports_malformed_before_too_large)
{
	expect_reject("99999999999999999999dx", -EINVAL);
	expect_reject("4000d1", -EINVAL);
}

Test(duration, formats_canonical_text)
{
	static const struct {
		int64_t us;
		const char *s;
	} table[] = {
		{ 0, "0s" },
		{ 1, "1us" },
		{ 90000000, "1m30s" },
		{ 21600000000, "6h" },
		{ 1500000, "1s500ms" },
		{ 1500, "1ms500us" },
		{ 86400000000LL * 8, "8d" },
		{ DAY + 1, "1d1us" },
		{ MAX_US, "3650d" },
		{ 25 * HOUR + 2 * SEC, "1d1h2s" },
		{ -90000000, "-1m30s" },
		{ -1, "-1us" },
		{ INT64_MAX, "106751991d4h54s775ms807us" },
		{ INT64_MIN, "-106751991d4h54s775ms808us" },
	};
	char buf[64];

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		size_t n = duration_format(table[i].us, buf, sizeof(buf));

		cr_assert_str_eq(buf, table[i].s, "%lld", (long long)table[i].us);
		cr_assert_eq(n, strlen(table[i].s));
	}
}

Test(duration, format_truncates_like_snprintf)
{
	char buf[4];

	memset(buf, 'x', sizeof(buf));
	cr_assert_eq(duration_format(90 * SEC, buf, sizeof(buf)), 5);
	cr_assert_str_eq(buf, "1m3");
	cr_assert_eq(duration_format(90 * SEC, buf, 1), 5);
	cr_assert_str_eq(buf, "");
	cr_assert_eq(duration_format(90 * SEC, NULL, 0), 5);
}

static void round_trip(int64_t us)
{
	char buf[64];
	int64_t back = -1;

	duration_format(us, buf, sizeof(buf));
	cr_assert_eq(duration_parse(buf, &back), 0, "%lld -> '%s' does not parse",
		     (long long)us, buf);
	cr_assert_eq(back, us, "%lld -> '%s' -> %lld", (long long)us, buf, (long long)back);
}

Test(duration, format_then_parse_round_trips)
{
	static const int64_t units[] = { US, MS, SEC, MIN, HOUR, DAY, 7 * DAY };
	uint64_t x = 88172645463325252ULL;

	round_trip(0);
	round_trip(MAX_US);
	round_trip(MAX_US - 1);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		for (int64_t k = 1; k < 50; k++) {
			round_trip(k * units[i]);
			round_trip(k * units[i] - 1);
			round_trip(k * units[i] + 1);
		}
	/* Random values spread over every magnitude, from xorshift64. */
	for (int i = 0; i < 100000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		round_trip((int64_t)((x % (uint64_t)MAX_US) >> (x % 59)));
	}
}
