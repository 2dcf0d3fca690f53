/*
 * test_utc.c - unit tests for the calendar text of a run's start
 * (harness/core/utc.c) and for the start a chaos campaign draws from a
 * seed (harness/campaign/chaos_draw.c).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "campaign/chaos.h"
#include "core/utc.h"

TestSuite(utc, .timeout = 10);

Test(utc, parses_and_formats_a_start)
{
	int64_t t = 0;
	char buf[32];

	cr_assert_eq(utc_parse("2026-01-01T00:00:00Z", &t), 0);
	cr_expect_eq(t, 1767225600LL);
	cr_assert_eq(utc_parse("2026-03-31T23:40:00Z", &t), 0);
	cr_expect_eq(t, 1775000400LL);
	utc_format(t, buf, sizeof(buf));
	cr_expect_str_eq(buf, "2026-03-31T23:40:00Z");
	cr_assert_eq(utc_parse("2028-02-29T12:00:00Z", &t), 0, "a leap day");
	utc_format(t, buf, sizeof(buf));
	cr_expect_str_eq(buf, "2028-02-29T12:00:00Z");
}

Test(utc, refuses_what_is_not_a_utc_time)
{
	static const char *const bad[] = {
		"", "2026-03-31", "2026-03-31T23:40:00", "2026-03-31T23:40:00+02:00",
		"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z",
		"2026-03-31T24:00:00Z", "2026-03-31T23:60:00Z", "2026-03-31 23:40:00Z",
		"2026-03-31T23:40:00Zx", "+026-03-31T23:40:00Z", "1767225600",
	};
	size_t i;
	int64_t t = 42;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(utc_parse(bad[i], &t), -EINVAL, "'%s' was taken", bad[i]);
	cr_expect_eq(utc_parse("2040-01-01T00:00:00Z", &t), -ERANGE);
	cr_expect_eq(t, 42, "nothing written on error");
}

Test(utc, drawn_starts_follow_the_seed_and_favour_boundaries)
{
	uint64_t seed;
	int near = 0, differ = 0;

	for (seed = 1; seed <= 400; seed++) {
		int64_t t = chaos_draw_start(seed);

		cr_assert_eq(t, chaos_draw_start(seed), "seed %llu: not deterministic",
			     (unsigned long long)seed);
		cr_assert(t >= 1767225600LL && t < 1767225600LL + 3 * 365 * 86400LL);
		near += t % 86400 >= 23 * 3600;
		differ += t != chaos_draw_start(seed + 1);
	}
	/* Half the draws are in the last hour of a day, and a uniform draw
	 * lands there one time in 24. */
	cr_expect(near > 150 && near < 260, "%d of 400 in the last hour of a day", near);
	cr_expect_eq(differ, 400);
}
