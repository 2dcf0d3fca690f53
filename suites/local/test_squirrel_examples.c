/*
 * test_squirrel_examples.c - scenario suite for the example stories told
 * again in Squirrel (targets/{credentials,door_counter,boot_race,
 * protocol_skew}/sq_*): each naive Squirrel variant must be caught by the
 * same invariant as its C twin under the same faults, and nothing else;
 * each robust one must hold where its C twin holds. Where the two
 * languages draw the same sensor streams (boot_race has none), the
 * Squirrel robust variant must produce the very trace of its C twin.
 * The power meter, thermostat, forecast display and the binding's own
 * behaviour are test_squirrel_targets.c's.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

TestSuite(squirrel_examples, .timeout = 180);

/* The faults under which test_credentials.c, test_faults.c,
 * test_boot_race.c and test_protocol_skew.c catch the C naive variants. */
#define STORE_FULL_THEN_CRASH "at 2h agent/store/write count=20 errno=ENOSPC; at 2h10m agent/crash"
#define OFFLINE_DEPLOY "at 1h device/disconnect for=30m; at 1h10m deploy/code"
#define RYW "http-read-your-writes:/credentials"
#define BOOT_LIVENESS "liveness:settings,11m"
#define SKEW_LIVENESS "liveness:ack,5m,12m"

/* Runs target and expects exactly one invariant, only, to have failed. */
static void expect_only(const char *target, uint64_t seed, const char *duration,
			const char *faults, const char *invariant)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run(target, seed, duration, faults, NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, invariant), 0, "%s seed %llu under '%s': %s held, see %s",
		     target, (unsigned long long)seed, faults ? faults : "", invariant, out.dir);
	cr_expect_eq(out.res.failed, 1, "%s seed %llu under '%s': %zu invariants failed, see %s",
		     target, (unsigned long long)seed, faults ? faults : "", out.res.failed, out.dir);
	run_outcome_release(&out);
}

static void expect_all_held(const char *target, uint64_t seed, const char *duration,
			    const char *faults)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run(target, seed, duration, faults, NULL, &out), 0);
	cr_expect_eq(out.res.failed, 0, "%s seed %llu under '%s': %zu invariants failed, see %s",
		     target, (unsigned long long)seed, faults ? faults : "", out.res.failed, out.dir);
	run_outcome_release(&out);
}

/* The time (us) of the first message name the device sends at or after
 * from_us in a fault-free hour of target at seed, or -1. */
static long long first_send_after(const char *target, uint64_t seed, const char *name,
				  long long from_us)
{
	struct run_outcome out;
	char *trace, *line, *save = NULL;
	long long at = -1;

	cr_assert_eq(scenario_run(target, seed, "1h", NULL, NULL, &out), 0);
	trace = scenario_trace(out.dir);
	cr_assert_not_null(trace, "no trace in %s", out.dir);
	for (line = strtok_r(trace, "\n", &save); line && at < 0;
	     line = strtok_r(NULL, "\n", &save)) {
		json_t *ev = json_loads(line, 0, NULL);
		const char *kind = json_string_value(json_object_get(ev, "ev"));
		const char *n = json_string_value(json_object_get(ev, "name"));
		long long t = json_integer_value(json_object_get(ev, "t"));

		if (kind && n && !strcmp(kind, "msg.send") && !strcmp(n, name) && t >= from_us)
			at = t;
		json_decref(ev);
	}
	free(trace);
	run_outcome_release(&out);
	return at;
}

/* A message on its way when the agent migrates is held and delivered once
 * the new instance is up (inflight=late) while the device reboots slowly:
 * the agent must see that it predates the connection (its log says
 * refused), and every invariant holds. The faults strike 1 ms and 2 ms
 * after the first such message after 30m leaves. */
static void expect_held_message_refused(const char *target, const char *name,
					const char *refusal)
{
	static const char *const outages[] = { "3s", "5s", "8s" };
	long long t = first_send_after(target, 1, name, 30LL * 60 * 1000000);
	size_t i;

	cr_assert_geq(t, 0, "no '%s' after 30m in a fault-free run of %s", name, target);
	for (i = 0; i < sizeof(outages) / sizeof(outages[0]); i++) {
		struct run_outcome out;
		char faults[256], *trace;

		snprintf(faults, sizeof(faults), "at %lldms agent/migrate outage=%s inflight=late; "
			 "at %lldms device/slow-boot", t / 1000 + 1, outages[i], t / 1000 + 2);
		cr_assert_eq(scenario_run(target, 1, "2h", faults, NULL, &out), 0);
		cr_expect_eq(out.res.failed, 0, "'%s', see %s", faults, out.dir);
		trace = scenario_trace(out.dir);
		cr_assert_not_null(trace, "no trace in %s", out.dir);
		cr_expect(strstr(trace, refusal), "under '%s' nothing was refused, so the race was "
			  "not exercised (%s)", faults, out.dir);
		free(trace);
		run_outcome_release(&out);
	}
}

/* The traces of two runs from their second line on (the first, run.start,
 * names the variant) are the same. */
static void expect_same_trace(const char *c_target, const char *sq_target, uint64_t seed,
			      const char *duration, const char *faults)
{
	struct run_outcome c, sq;
	char *tc, *ts, *bc, *bs;

	cr_assert_eq(scenario_run(c_target, seed, duration, faults, NULL, &c), 0);
	cr_assert_eq(scenario_run(sq_target, seed, duration, faults, NULL, &sq), 0);
	cr_expect_eq(sq.res.failed, 0, "see %s", sq.dir);
	tc = scenario_trace(c.dir);
	ts = scenario_trace(sq.dir);
	cr_assert(tc && ts);
	bc = strchr(tc, '\n');
	bs = strchr(ts, '\n');
	cr_assert(bc && bs);
	cr_expect_str_eq(bs, bc, "the traces differ: %s and %s", c.dir, sq.dir);
	free(tc);
	free(ts);
	run_outcome_release(&c);
	run_outcome_release(&sq);
}

/* ---- credentials ---- */

Test(squirrel_examples, credentials_sq_naive_loses_acknowledged_credentials_on_agent_restart)
{
	uint64_t seed;

	for (seed = 1; seed <= 5; seed++) {
		expect_only("credentials/sq_naive", seed, NULL, "at 6h agent/restart", RYW);
		expect_only("credentials/sq_naive", seed, NULL, "at 6h agent/migrate", RYW);
	}
}

Test(squirrel_examples, credentials_sq_naive_holds_without_faults)
{
	expect_all_held("credentials/sq_naive", 1, NULL, NULL);
}

Test(squirrel_examples, credentials_sq_robust_holds_where_sq_naive_fails)
{
	uint64_t seed;

	for (seed = 1; seed <= 5; seed++) {
		expect_all_held("credentials/sq_robust", seed, NULL, "at 6h agent/restart");
		expect_all_held("credentials/sq_robust", seed, NULL,
				"every 5h agent/migrate; every 7h agent/crash; at 13h device/power-cycle;"
				"at 15h agent/store/write");
	}
}

/* ---- door_counter ---- */

Test(squirrel_examples, door_counter_sq_naive_publishes_a_count_it_never_stored)
{
	uint64_t seed;

	/* The count goes back, and the openings it published but never
	 * stored are lost for good (counter-exact); nothing else fails. */
	for (seed = 1; seed <= 3; seed++) {
		struct run_outcome out;

		cr_assert_eq(scenario_run("door_counter/sq_naive", seed, "4h", STORE_FULL_THEN_CRASH,
					  NULL, &out), 0);
		cr_expect_eq(scenario_held(&out, "counter-monotonic:count"), 0, "see %s", out.dir);
		cr_expect_eq(scenario_held(&out, "counter-exact:count,pin1"), 0, "see %s", out.dir);
		cr_expect_eq(out.res.failed, 2, "see %s", out.dir);
		run_outcome_release(&out);
	}
}

Test(squirrel_examples, door_counter_sq_naive_holds_without_faults)
{
	expect_all_held("door_counter/sq_naive", 1, "1d", NULL);
}

Test(squirrel_examples, door_counter_sq_robust_publishes_only_stored_counts)
{
	uint64_t seed;

	for (seed = 1; seed <= 3; seed++) {
		expect_all_held("door_counter/sq_robust", seed, "4h", STORE_FULL_THEN_CRASH);
		expect_all_held("door_counter/sq_robust", seed, "12h",
				"every 20m agent/store/write count=2 errno=EIO; at 1h agent/crash;"
				"every 45m agent/store/crash/after-write; at 2h agent/store/rename count=3;"
				"at 5h agent/migrate; at 7h device/power-cycle");
	}
}

/* ---- boot_race ---- */

Test(squirrel_examples, boot_race_sq_naive_pushes_into_a_booting_device)
{
	static const char *const faults[] = {
		"at 2h deploy/code outage=1s download=5s",
		"at 2h device/power-cycle",
		"at 2h device/slow-boot",
	};
	size_t i;

	for (i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		expect_only("boot_race/sq_naive", 1, "6h", faults[i], "no-missing-handler");
}

Test(squirrel_examples, boot_race_sq_naive_holds_through_agent_restarts_and_wifi_drops)
{
	expect_all_held("boot_race/sq_naive", 1, "6h",
			"at 1h agent/restart; at 2h device/disconnect for=5m; at 3h agent/migrate");
}

Test(squirrel_examples, boot_race_sq_robust_answers_only_ready)
{
	static const char *const faults[] = {
		"at 2h deploy/code outage=1s download=5s",
		"at 2h device/power-cycle",
		"at 2h device/slow-boot",
		"at 30m deploy/code; at 1h device/power-cycle; at 1h30m agent/restart;"
		"at 2h device/disconnect for=20m; at 2h10m deploy/code; at 3h device/slow-boot;"
		"at 4h agent/migrate; at 5h device/handler/crash",
	};
	uint64_t seed;
	size_t i;

	for (i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		for (seed = 1; seed <= 5; seed++)
			expect_all_held("boot_race/sq_robust", seed, "6h", faults[i]);
}

Test(squirrel_examples, boot_race_sq_robust_refuses_a_ready_held_across_a_migration)
{
	expect_held_message_refused("boot_race/sq_robust", "ready", "ignoring a 'ready' sent at");
}

/* One model of the platform: a deploy while the device is offline (the
 * version 2 agent from sq_robust_v2) and a migration, event by event as
 * in C. */
Test(squirrel_examples, boot_race_sq_robust_traces_like_its_c_twin)
{
	expect_same_trace("boot_race/robust", "boot_race/sq_robust", 1, "3h",
			  OFFLINE_DEPLOY "; at 2h agent/migrate; at 2h30m device/power-cycle");
}

/* ---- protocol_skew ---- */

Test(squirrel_examples, protocol_skew_sq_naive_v2_rejects_the_offline_device_v1_readings)
{
	struct run_outcome out;
	const char *msg;

	expect_only("protocol_skew/sq_naive", 1, "6h", OFFLINE_DEPLOY, "no-target-error");
	cr_assert_eq(scenario_run("protocol_skew/sq_naive", 2, "6h", OFFLINE_DEPLOY, NULL, &out), 0);
	msg = json_string_value(json_object_get(scenario_verdict(&out, "no-target-error"),
						"message"));
	cr_expect(msg && strstr(msg, "temp_c"), "not the format rejection: %s", msg ? msg : "?");
	cr_expect_eq(scenario_held(&out, SKEW_LIVENESS), 1, "see %s", out.dir);
	run_outcome_release(&out);
}

Test(squirrel_examples, protocol_skew_sq_naive_holds_without_faults)
{
	expect_all_held("protocol_skew/sq_naive", 1, "1d", NULL);
}

Test(squirrel_examples, protocol_skew_sq_robust_v2_accepts_both_formats)
{
	static const char *const faults[] = {
		OFFLINE_DEPLOY,
		"at 30m deploy/code outage=1s download=30s; " OFFLINE_DEPLOY "; at 3h deploy/code;"
		"at 3h30m device/power-cycle; at 4h agent/restart; at 5h device/slow-boot",
	};
	uint64_t seed;
	size_t i;

	for (i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		for (seed = 1; seed <= 5; seed++)
			expect_all_held("protocol_skew/sq_robust", seed, "6h", faults[i]);
}

Test(squirrel_examples, protocol_skew_sq_robust_does_not_ack_a_reading_held_across_a_migration)
{
	expect_held_message_refused("protocol_skew/sq_robust", "reading",
				    "not acknowledging a reading sent at");
}

/* The skew window in the trace: the version 1 device's {"temp"} readings
 * reach the version 2 agent, which accepts them, before the device
 * restarts into version 2 and sends {"temp_c", "unit"}. */
Test(squirrel_examples, protocol_skew_sq_robust_accepts_v1_readings_in_the_skew_window)
{
	struct run_outcome out;
	char *trace, *skew, *v2;

	cr_assert_eq(scenario_run("protocol_skew/sq_robust", 1, "3h", OFFLINE_DEPLOY, NULL, &out), 0);
	cr_expect_eq(out.res.failed, 0, "see %s", out.dir);
	trace = scenario_trace(out.dir);
	cr_assert_not_null(trace, "no trace in %s", out.dir);
	skew = strstr(trace, "\"ev\":\"version.skew\"");
	cr_assert_not_null(skew, "no version skew in %s", out.dir);
	v2 = strstr(skew, "\"ev\":\"proc.start\",\"proc\":\"device\",\"inc\":2,\"version\":2");
	cr_assert_not_null(v2, "the device never started version 2 (%s)", out.dir);
	*v2 = '\0';
	cr_expect(strstr(skew, "\"data\":{\"temp\":"), "no version 1 reading in the window (%s)",
		  out.dir);
	cr_expect(strstr(skew, "\"name\":\"temp_c\""), "the agent accepted nothing in the window "
		  "(%s)", out.dir);
	cr_expect(strstr(v2 + 1, "\"unit\":\"C\""), "no version 2 reading after the restart (%s)",
		  out.dir);
	free(trace);
	run_outcome_release(&out);
}
