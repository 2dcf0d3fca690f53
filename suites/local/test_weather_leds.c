/*
 * test_weather_leds.c - scenario suite for the forecast display:
 * after a migration the naive agent waits for a "ready" the device sent
 * long ago and the display freezes (liveness fails); the robust agent's
 * start-up timer resumes the cycle, through migrations, crashes, power
 * cycles and disconnects.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
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

/* A "ready" sent 1 ms before a migration is held for the new instance and
 * delivered late (inflight=late), after a slow reboot of the device began:
 * answered, the forecast would reach a device with no handler yet. The
 * robust agent answers only a "ready" stamped since the connection it knows
 * of. (Seed 1's device says "ready" at 00:20:03.321.) */
Test(weather_leds, robust_ignores_a_ready_held_across_a_migration_while_the_device_reboots)
{
	static const char *const schedule =
		"at 1203322ms agent/migrate outage=3s inflight=late; at 1203323ms device/slow-boot";
	struct run_outcome out;
	char *trace;

	cr_assert_eq(scenario_run("weather_leds/robust", 1, "1h", schedule, NULL, &out), 0);
	trace = scenario_trace(out.dir);
	cr_assert_not_null(trace);
	cr_assert(strstr(trace, "\"name\":\"ready\",\"to\":\"agent\",\"until\":\"late\""),
		  "the schedule no longer holds a 'ready' across the move (see %s)", out.dir);
	free(trace);
	cr_expect_eq(scenario_held(&out, "no-missing-handler"), 1, "see %s", out.dir);
	cr_expect_eq(scenario_held(&out, "liveness:temps,31m"), 1, "see %s", out.dir);
	run_outcome_release(&out);
}
