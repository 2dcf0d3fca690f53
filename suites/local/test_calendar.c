/*
 * test_calendar.c - scenario suite for the calendar and for conservation:
 * --start and its bad input, the clock C and Squirrel code read from it,
 * the start and duration chaos gives a run, and the two example pairs of
 * those bug classes (water_daily: a daily total kept by the agent's uptime;
 * rain_gauge: readings sent again and counted twice).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "campaign/chaos.h"
#include "core/utc.h"
#include "scenario.h"
#include "sim/home.h"

TestSuite(calendar, .timeout = 240);

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void out_dir(char *buf, size_t n, const char *what)
{
	snprintf(buf, n, "%s/test-runs/calendar-%s-%d", impchaos_home(), what, (int)getpid());
}

Test(calendar, bad_start_is_refused_with_the_form)
{
	char *output = NULL;

	cr_expect_eq(scenario_cli(ARGS("run", "power_meter/robust", "--start", "2026-02-30T10:00:00Z"),
				  &output), 2, "got: %s", output);
	cr_expect(strstr(output, "malformed --start '2026-02-30T10:00:00Z'"), "got: %s", output);
	cr_expect(strstr(output, "YYYY-MM-DDTHH:MM:SSZ"), "got: %s", output);
	free(output);
	cr_expect_eq(scenario_cli(ARGS("chaos", "--runs", "1", "--start", "tomorrow"), &output), 2,
		     "got: %s", output);
	free(output);
	cr_expect_eq(scenario_cli(ARGS("sweep", "power_meter/robust", "--point", "agent/store/write",
				       "--start", "2026-03-31T23:40:00"), &output), 2, "got: %s", output);
	cr_expect(strstr(output, "malformed --start"), "got: %s", output);
	free(output);
}

Test(calendar, squirrel_time_and_date_follow_the_start)
{
	char dir[4200], outdir[4200], *output = NULL, *trace;

	snprintf(dir, sizeof(dir), "%s/suite-targets/sq_clock/", impchaos_home());
	out_dir(outdir, sizeof(outdir), "sq");
	cr_assert_eq(scenario_cli(ARGS("run", dir, "--for", "1h", "--start", "2027-12-31T23:40:00Z",
				       "--out", outdir, "--no-report", "--force"), &output), 0,
		     "got: %s", output);
	free(output);
	trace = scenario_trace(outdir);
	cr_assert_not_null(trace);
	/* 2027-12-31T23:40:00Z is 1830296400; a Friday, day 364 of 2027. */
	cr_expect(strstr(trace, "clock time=1830296400 date=2027-12-31 23:40:00 wday=5 yday=364"),
		  "see %s", outdir);
	/* 30 minutes later the year has turned. */
	cr_expect(strstr(trace, "clock time=1830298200 date=2028-01-01 00:10:00 wday=6 yday=0"),
		  "see %s", outdir);
	cr_expect(strstr(trace, "\"start\":\"2027-12-31T23:40:00Z\""), "the trace header records it");
	free(trace);
	/* The replay starts there again. */
	cr_expect_eq(scenario_cli(ARGS("replay", outdir), &output), 0, "got: %s", output);
	free(output);
}

Test(calendar, c_imp_time_follows_the_start)
{
	char outdir[4200], *output = NULL, *trace;

	out_dir(outdir, sizeof(outdir), "c");
	cr_assert_eq(scenario_cli(ARGS("run", "power_meter/robust", "--for", "10m", "--start",
				       "2026-03-31T23:40:00Z", "--out", outdir, "--no-report",
				       "--force"), &output), 0, "got: %s", output);
	free(output);
	trace = scenario_trace(outdir);
	cr_assert_not_null(trace);
	/* The robust meter saves imp_time() / 86400: 20543 is 2026-03-31,
	 * 20544 the next day, 20 minutes in. */
	cr_expect(strstr(trace, "\"day\":20543"), "see %s", outdir);
	cr_expect_null(strstr(trace, "\"day\":20454"), "the default start leaked in");
	free(trace);
}

Test(calendar, chaos_draws_the_start_and_takes_the_targets_duration)
{
	char outdir[4200], path[4400], want[32], *output = NULL, *text;
	json_t *scen;

	out_dir(outdir, sizeof(outdir), "chaos");
	cr_assert_eq(scenario_cli(ARGS("chaos", "water_daily/sq_robust", "--runs", "1", "--seed-from",
				       "7", "--no-shrink", "--out", outdir), &output), 0,
		     "got: %s", output);
	free(output);
	snprintf(path, sizeof(path), "%s/runs/water_daily-sq_robust-s7/scenario.json", outdir);
	text = scenario_read_file(path);
	cr_assert_not_null(text, "no %s", path);
	scen = json_loads(text, 0, NULL);
	utc_format(chaos_draw_start(7), want, sizeof(want));
	cr_expect_str_eq(json_string_value(json_object_get(scen, "start")), want);
	cr_expect_str_eq(json_string_value(json_object_get(scen, "duration")), "3d",
			 "the target's own duration");
	json_decref(scen);
	free(text);

	cr_assert_eq(scenario_cli(ARGS("chaos", "water_daily/sq_robust", "--runs", "1", "--seed-from",
				       "7", "--no-shrink", "--for", "2h", "--start",
				       "2026-06-30T23:30:00Z", "--out", outdir), &output), 0,
		     "got: %s", output);
	free(output);
	text = scenario_read_file(path);
	cr_assert_not_null(text);
	scen = json_loads(text, 0, NULL);
	cr_expect_str_eq(json_string_value(json_object_get(scen, "duration")), "2h");
	cr_expect_str_eq(json_string_value(json_object_get(scen, "start")), "2026-06-30T23:30:00Z");
	json_decref(scen);
	free(text);
}

/* target run from start for duration with faults: its outcome. */
static int held(const char *target, const char *start, const char *duration, const char *faults,
		const char *invariant)
{
	char outdir[4200], *output = NULL;
	int rc;

	out_dir(outdir, sizeof(outdir), "ex");
	rc = scenario_cli(ARGS("run", target, "--seed", "1", "--for", duration, "--start", start,
			       "--faults", faults, "--out", outdir, "--no-report", "--force"),
			  &output);
	cr_assert(rc == 0 || rc == 1, "got: %s", output);
	if (rc == 1)
		cr_expect(strstr(output, "FAIL  ") && strstr(output, invariant), "got: %s", output);
	free(output);
	return rc == 0;
}

Test(calendar, uptime_daily_total_fails_only_off_midnight)
{
	/* Started at midnight, the naive agent's 24 hours of uptime are the
	 * calendar's days: it holds. Started at 23:40 it resets in the middle
	 * of a day. The robust one holds both ways. */
	cr_expect(held("water_daily/sq_naive", "2026-01-01T00:00:00Z", "3d", "", ""));
	cr_expect(!held("water_daily/sq_naive", "2026-03-31T23:40:00Z", "3d", "",
			"counter-monotonic:day_l/day"));
	cr_expect(held("water_daily/sq_robust", "2026-03-31T23:40:00Z", "3d",
		       "at 30h agent/restart", ""));
}

Test(calendar, resent_readings_are_counted_once_only_by_the_robust_gauge)
{
	/* A failed save leaves the reading unacknowledged; the device sends it
	 * again. The naive agent had counted it already. */
	cr_expect(!held("rain_gauge/sq_naive", "2026-01-01T00:00:00Z", "10m",
			"at 2m30s agent/store/open", "counter-exact:total_tips,pin1"));
	cr_expect(held("rain_gauge/sq_robust", "2026-01-01T00:00:00Z", "10m",
		       "at 2m30s agent/store/open", ""));
	/* Messages lost in a move must be sent again, and counted once. */
	cr_expect(held("rain_gauge/sq_robust", "2026-01-01T00:00:00Z", "1d",
		       "at 2h device/redirect outage=5m; at 5h agent/migrate inflight=drop; "
		       "at 9h device/disconnect for=8m", ""));
}
