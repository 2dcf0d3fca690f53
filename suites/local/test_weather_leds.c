/*
 * test_weather_leds.c - scenario suite for seed 002's forecast display:
 * after a migration the naive agent waits for a "ready" the device sent
 * long ago and the display freezes (liveness fails); the robust agent's
 * start-up timer resumes the cycle, through migrations, crashes, power
 * cycles and disconnects.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "scenario.h"

TestSuite(weather_leds, .timeout = 120);

Test(weather_leds, naive_display_freezes_after_a_migration)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run("weather_leds/naive", 1, "1d", "at 6h agent/migrate", NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, "liveness:temps,31m"), 0);
	cr_expect_eq(scenario_held(&out, "no-missing-handler"), 1);
	run_outcome_release(&out);
}

Test(weather_leds, naive_display_keeps_going_without_faults)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run("weather_leds/naive", 1, "1d", NULL, NULL, &out), 0);
	cr_expect_eq(out.res.failed, 0);
	run_outcome_release(&out);
}

Test(weather_leds, robust_display_survives_migrations_over_20_seeds)
{
	static const char *const schedule =
		"at 2h agent/migrate; at 5h agent/crash; at 7h device/power-cycle;"
		"every 9h agent/migrate outage=5s; at 12h device/disconnect for=40m;"
		"at 15h agent/restart";
	uint64_t seed;

	for (seed = 1; seed <= 20; seed++) {
		struct run_outcome out;

		cr_assert_eq(scenario_run("weather_leds/robust", seed, "1d", schedule, NULL, &out), 0);
		cr_expect_eq(out.res.failed, 0, "seed %llu, see %s", (unsigned long long)seed, out.dir);
		run_outcome_release(&out);
	}
}
