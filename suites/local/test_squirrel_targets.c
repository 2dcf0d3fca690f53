/*
 * test_squirrel_targets.c - scenario suite for targets written in Squirrel:
 * the power meter told again in Squirrel (targets/power_meter/sq_*) must
 * fail and hold exactly as its C variants do, through the same faults and
 * invariants; a Squirrel error on the device restarts it with wake reason
 * SQUIRREL_ERROR; an unknown API call is the language's error; a file that
 * does not compile or #requires a missing library stops `impchaos run`
 * before any simulation; #require and @include name the right file and line;
 * a bare directory of .nut files runs with defaults. The misbehaving
 * targets are in suites/targets/sq_misbehave and suites/targets/sq_bare.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenario.h"
#include "sim/target.h"

TestSuite(squirrel_targets, .timeout = 180);

#define HOUR 3600000000LL
#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* How many times needle occurs in hay. */
static int count(const char *hay, const char *needle)
{
	int n = 0;

	while (hay && (hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

Test(squirrel_targets, power_meter_sq_naive_loses_total_on_agent_restart)
{
	struct run_outcome out;
	json_t *v, *first, *ev;

	cr_assert_eq(scenario_run("power_meter/sq_naive", 1, "1d", "at 6h agent/restart", NULL, &out),
		     0);
	cr_expect_eq(scenario_held(&out, "counter-monotonic:total_wh"), 0);
	v = scenario_verdict(&out, "counter-monotonic:total_wh");
	first = json_object_get(v, "first_violation");
	cr_assert(json_is_object(first), "the verdict names no first violating event");
	ev = json_object_get(first, "event");
	/* The new instance's first save after the 6h restart, as in C. */
	cr_expect_geq(json_integer_value(json_object_get(first, "t")), 6 * HOUR);
	cr_expect_eq(json_integer_value(json_object_get(ev, "inc")), 2);
	cr_expect_eq(scenario_held(&out, "no-missing-handler"), 1);
	run_outcome_release(&out);
}

Test(squirrel_targets, power_meter_sq_naive_holds_without_faults)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run("power_meter/sq_naive", 1, "1d", NULL, NULL, &out), 0);
	cr_expect_eq(out.res.failed, 0, "see %s", out.dir);
	run_outcome_release(&out);
}

Test(squirrel_targets, power_meter_sq_robust_keeps_total_through_agent_restart)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run("power_meter/sq_robust", 1, "1d", "at 6h agent/restart", NULL,
				  &out), 0);
	cr_expect_eq(out.res.failed, 0, "see %s", out.dir);
	run_outcome_release(&out);
}

Test(squirrel_targets, power_meter_sq_robust_holds_under_restarts_crashes_and_migrations)
{
	static const char *const schedule =
		"at 2h agent/crash; at 5h device/disconnect for=20m; at 9h device/power-cycle;"
		"every 7h agent/restart; at 11h agent/migrate; at 15h30m agent/crash restart_after=30s;"
		"at 18h agent/migrate inflight=late; at 20h device/disconnect for=2h;"
		"at 22h agent/restart outage=5s";
	uint64_t seed;

	for (seed = 1; seed <= 5; seed++) {
		struct run_outcome out;

		cr_assert_eq(scenario_run("power_meter/sq_robust", seed, "26h", schedule, NULL, &out), 0,
			     "seed %llu did not run", (unsigned long long)seed);
		cr_expect_eq(out.res.failed, 0, "seed %llu: %zu invariant(s) failed, see %s",
			     (unsigned long long)seed, out.res.failed, out.dir);
		run_outcome_release(&out);
	}
}

Test(squirrel_targets, same_seed_gives_the_same_trace)
{
	struct run_outcome a, b;

	cr_assert_eq(scenario_run("power_meter/sq_robust", 9, "12h", "at 3h agent/crash; at 5h "
				  "device/power-cycle; at 7h agent/migrate", NULL, &a), 0);
	cr_assert_eq(scenario_run("power_meter/sq_robust", 9, "12h", "at 3h agent/crash; at 5h "
				  "device/power-cycle; at 7h agent/migrate", NULL, &b), 0);
	cr_expect_str_eq(a.res.hash, b.res.hash, "see %s and %s", a.dir, b.dir);
	run_outcome_release(&a);
	run_outcome_release(&b);
}

Test(squirrel_targets, power_meter_sq_robust_survives_failed_saves)
{
	struct run_outcome out;

	/* Store faults make server.save() return an error: the robust agent
	 * keeps the totals in memory and retries, so nothing goes back. */
	cr_assert_eq(scenario_run("power_meter/sq_robust", 3, "12h",
				  "from 1h to 3h p=0.3 agent/store/write; at 4h agent/crash", NULL, &out),
		     0);
	cr_expect_eq(scenario_held(&out, "counter-monotonic:total_wh"), 1, "see %s", out.dir);
	run_outcome_release(&out);
}

Test(squirrel_targets, handler_typo_sq_naive_fails_and_sq_robust_holds)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run("handler_typo/sq_naive", 1, "1d", NULL, NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, "no-missing-handler"), 0);
	cr_expect(strstr(json_string_value(json_object_get(scenario_verdict(&out,
		"no-missing-handler"), "message")), "'setpiont'"));
	run_outcome_release(&out);
	cr_assert_eq(scenario_run("handler_typo/sq_robust", 1, "1d",
				  "at 5h device/power-cycle; at 9h agent/restart", NULL, &out), 0);
	cr_expect_eq(out.res.failed, 0, "see %s", out.dir);
	run_outcome_release(&out);
}

Test(squirrel_targets, weather_leds_sq_naive_freezes_after_migration)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run("weather_leds/sq_naive", 1, "1d", "at 6h agent/migrate", NULL,
				  &out), 0);
	cr_expect_eq(scenario_held(&out, "liveness:temps,31m"), 0);
	run_outcome_release(&out);
}

/* One model of the platform: the Squirrel robust display, written as the
 * imp product would be, reaches the verdicts of its C twin. (Their traces
 * differ: the Squirrel one fetches the forecast over outbound HTTP, as the
 * platform's article does, where the C one computes it. The C and
 * Squirrel bindings of outbound HTTP give one trace: test_http_out.c.) */
Test(squirrel_targets, weather_leds_sq_robust_holds_like_its_c_twin)
{
	struct run_outcome c, sq;
	char *ts;
	size_t i;

	cr_assert_eq(scenario_run("weather_leds/robust", 2, "1d", "at 6h agent/migrate", NULL, &c), 0);
	cr_assert_eq(scenario_run("weather_leds/sq_robust", 2, "1d", "at 6h agent/migrate", NULL,
				  &sq), 0);
	cr_expect_eq(sq.res.failed, 0, "see %s", sq.dir);
	cr_assert_eq(json_array_size(c.res.verdicts), json_array_size(sq.res.verdicts));
	for (i = 0; i < json_array_size(c.res.verdicts); i++) {
		json_t *vc = json_array_get(c.res.verdicts, i), *vs = json_array_get(sq.res.verdicts, i);

		cr_expect_str_eq(json_string_value(json_object_get(vs, "invariant")),
				 json_string_value(json_object_get(vc, "invariant")));
		cr_expect_eq(json_is_true(json_object_get(vs, "ok")),
			     json_is_true(json_object_get(vc, "ok")), "%s: see %s and %s",
			     json_string_value(json_object_get(vc, "invariant")), c.dir, sq.dir);
	}
	ts = scenario_trace(sq.dir);
	cr_assert_not_null(ts);
	cr_expect(strstr(ts, "\"ev\":\"http.out.response\",\"proc\":\"agent\",\"inc\":2,"),
		  "the new instance fetched no forecast: %s", sq.dir);
	free(ts);
	run_outcome_release(&c);
	run_outcome_release(&sq);
}

/* The forecast service fails, answers 5xx and hangs: the robust display
 * retries within its 31 minutes; the naive one loses a whole cycle. */
Test(squirrel_targets, weather_leds_sq_robust_rides_out_a_failing_forecast_service)
{
	static const char *const faults = "at 2h http/out/error; at 5h http/out/5xx; "
					  "at 8h http/out/slow; at 11h http/out/error count=3";
	struct run_outcome out;

	cr_assert_eq(scenario_run("weather_leds/sq_robust", 3, "14h", faults, NULL, &out), 0);
	cr_expect_eq(out.res.failed, 0, "see %s", out.dir);
	cr_expect_eq(out.res.fired, 6, "see %s", out.dir);
	run_outcome_release(&out);
	cr_assert_eq(scenario_run("weather_leds/sq_naive", 3, "14h", faults, NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, "liveness:temps,31m"), 0, "see %s", out.dir);
	run_outcome_release(&out);
}

Test(squirrel_targets, credentials_sq_robust_answers_what_it_stored_through_restarts)
{
	struct run_outcome out;

	/* http.onrequest, request.body, response.send and server.save over the
	 * same HTTP model and checkers as the C variants. */
	cr_assert_eq(scenario_run("credentials/sq_robust", 1, "1d",
				  "at 6h agent/restart; at 12h agent/migrate; at 18h agent/crash", NULL,
				  &out), 0);
	cr_expect_eq(out.res.failed, 0, "see %s", out.dir);
	cr_expect_eq(scenario_held(&out, "http-read-your-writes:/credentials"), 1);
	run_outcome_release(&out);
}

Test(squirrel_targets, device_error_restarts_the_device_with_squirrel_error)
{
	struct run_outcome out;
	char *trace;

	scenario_use_test_targets();
	cr_assert_eq(scenario_run("sq_misbehave/device_error", 1, "5m", NULL, NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, "no-target-error"), 0);
	trace = scenario_trace(out.dir);
	cr_assert(trace);
	/* The error as the imp logs it: the message, then each frame with the
	 * file and line the developer wrote. */
	cr_expect(strstr(trace, "ERROR: the index 'missing' does not exist"), "see %s", out.dir);
	cr_expect(strstr(trace, "ERROR:   in explode device_error.device.nut:9"), "see %s", out.dir);
	cr_expect(strstr(trace, "\"how\":\"squirrel-error\""), "see %s", out.dir);
	/* The next boot says why: the agent logs the wake reason it was sent. */
	cr_expect(strstr(trace, "device booted, wake reason 5"), "see %s", out.dir);
	cr_expect_eq(count(trace, "device booted, wake reason"), 2, "see %s", out.dir);
	free(trace);
	run_outcome_release(&out);
}

Test(squirrel_targets, unknown_api_is_a_squirrel_error_and_the_agent_goes_on)
{
	struct run_outcome out;
	json_t *v;
	char *trace;

	scenario_use_test_targets();
	cr_assert_eq(scenario_run("sq_misbehave/unknown_api", 1, "5m", "at 2m device/power-cycle",
				  NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, "no-target-error"), 0);
	v = scenario_verdict(&out, "no-target-error");
	cr_expect(strstr(json_string_value(json_object_get(v, "message")),
			 "the index 'foo' does not exist"), "see %s", out.dir);
	trace = scenario_trace(out.dir);
	cr_assert(trace);
	/* One agent instance all along: the error did not restart it, and it
	 * still hears the device's second boot. */
	cr_expect_eq(count(trace, "\"ev\":\"proc.start\",\"proc\":\"agent\""), 1, "see %s", out.dir);
	cr_expect_eq(count(trace, "device booted, wake reason"), 2, "see %s", out.dir);
	free(trace);
	run_outcome_release(&out);
}

Test(squirrel_targets, nv_survives_deep_sleep_but_not_a_power_cycle)
{
	struct run_outcome out;
	char *trace, *cycle;

	scenario_use_test_targets();
	cr_assert_eq(scenario_run("sq_misbehave/sleepy", 1, "5m", "at 3m device/power-cycle", NULL,
				  &out), 0);
	cr_expect_eq(out.res.failed, 0, "see %s", out.dir);
	trace = scenario_trace(out.dir);
	cr_assert(trace);
	/* imp.onidle then imp.deepsleepfor: nv.count climbs across sleeps... */
	cr_expect(strstr(trace, "\"nv count 3\""), "see %s", out.dir);
	/* ...and starts again after the power cycle. */
	cycle = strstr(trace, "\"name\":\"device/power-cycle\"");
	cr_assert(cycle, "see %s", out.dir);
	cr_expect(strstr(cycle, "\"nv count 1\""), "see %s", out.dir);
	free(trace);
	run_outcome_release(&out);
}

Test(squirrel_targets, out_of_memory_restarts_the_agent)
{
	struct run_outcome out;
	char *trace;

	/* sq_misbehave's agent quota is 256 KB ("squirrel_memory"); the agent
	 * keeps 4 KB more a second. */
	scenario_use_test_targets();
	cr_assert_eq(scenario_run("sq_misbehave/oom", 1, "10m", NULL, NULL, &out), 0);
	trace = scenario_trace(out.dir);
	cr_assert(trace);
	cr_expect(strstr(trace, "\"free at start: true\""), "see %s", out.dir);
	cr_expect(strstr(trace, "\"name\":\"memory-quota\",\"action\":\"oom\""), "see %s", out.dir);
	cr_expect(strstr(trace, "\"proc\":\"agent\",\"inc\":1,\"how\":\"oom\""), "see %s", out.dir);
	cr_expect(strstr(trace, "\"ev\":\"proc.start\",\"proc\":\"agent\",\"inc\":2"), "see %s",
		  out.dir);
	/* Out of memory is the platform's restart, never a harness error. */
	cr_expect_eq(scenario_held(&out, "no-target-error"), 1, "see %s", out.dir);
	free(trace);
	run_outcome_release(&out);
}

Test(squirrel_targets, require_and_include_name_the_right_file_and_line)
{
	char lib[4200];
	struct run_outcome out;
	char *trace;

	scenario_use_test_targets();
	snprintf(lib, sizeof(lib), "/nonexistent:%s/suite-targets/sq_misbehave/lib", impchaos_home());
	setenv("IMPCHAOS_LIB_PATH", lib, 1);
	cr_assert_eq(scenario_run("sq_misbehave/require", 1, "2m", NULL, NULL, &out), 0);
	trace = scenario_trace(out.dir);
	cr_assert(trace);
	cr_expect(strstr(trace, "count 1"), "the included helper did not run; see %s", out.dir);
	cr_expect(strstr(trace, "ERROR: counter failed at 1"), "see %s", out.dir);
	cr_expect(strstr(trace, "ERROR:   in fail Counter.lib.nut:10"), "see %s", out.dir);
	cr_expect(strstr(trace, "require.agent.nut:16"), "see %s", out.dir);
	free(trace);
	run_outcome_release(&out);
}

Test(squirrel_targets, syntax_error_stops_the_run_before_it_starts)
{
	char *output = NULL;
	struct stat st;

	scenario_use_test_targets();
	cr_expect_eq(scenario_cli(ARGS("run", "sq_misbehave/syntax", "--out",
				       "build/test-runs/sq-syntax-never"), &output), 2);
	cr_expect(strstr(output, "syntax.device.nut:3:"), "got: %s", output);
	cr_expect(strstr(output, ": error: "), "got: %s", output);
	cr_expect(!strstr(output, "trace:"), "got: %s", output);
	cr_expect(stat("build/test-runs/sq-syntax-never", &st) < 0, "a run directory was made");
	free(output);
}

Test(squirrel_targets, missing_require_library_stops_the_run_naming_the_paths)
{
	char *output = NULL;

	scenario_use_test_targets();
	setenv("IMPCHAOS_LIB_PATH", "/nonexistent/libs:/also/not/here", 1);
	cr_expect_eq(scenario_cli(ARGS("run", "sq_misbehave/require_missing", "--out",
				       "build/test-runs/sq-require-never"), &output), 2);
	cr_expect(strstr(output, "require_missing.agent.nut:3:1: error: "), "got: %s", output);
	cr_expect(strstr(output, "NoSuchThing.lib.nut"), "got: %s", output);
	cr_expect(strstr(output, "/nonexistent/libs, /also/not/here"), "got: %s", output);
	free(output);
}

Test(squirrel_targets, bare_directory_runs_with_defaults)
{
	char dir[4200], outdir[4200], *output = NULL;

	snprintf(dir, sizeof(dir), "%s/suite-targets/sq_bare/", impchaos_home());
	snprintf(outdir, sizeof(outdir), "%s/test-runs/sq-bare-%d", impchaos_home(), (int)getpid());
	cr_expect_eq(scenario_cli(ARGS("run", dir, "--for", "2h", "--out", outdir, "--no-report"),
				  &output), 0, "got: %s", output);
	cr_expect(strstr(output, "picked hello.agent.nut and hello.device.nut"), "got: %s", output);
	cr_expect(strstr(output, "pass  no-missing-handler"), "got: %s", output);
	cr_expect(strstr(output, "pass  no-target-error"), "got: %s", output);
	free(output);
}
