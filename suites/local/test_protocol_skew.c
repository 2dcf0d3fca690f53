/*
 * test_protocol_skew.c - scenario suite for the protocol_skew target:
 * version 2 renames the reading's field ({"temp"} -> {"temp_c", "unit"})
 * and is deployed while the device is offline.
 *
 * The device keeps version 1 until it reconnects; the readings it held
 * while offline reach the version 2 agent, and only then is it asked to
 * restart into version 2. The naive version 2 agent rejects those readings
 * (no-target-error fails, and nothing else: acks resume once the device
 * runs version 2); the robust one accepts both formats over 20 seeds, and
 * does not acknowledge a reading held across a migration while the device
 * rebooted. The last test reads the trace of the skew window.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

#define LIVENESS "liveness:ack,5m,12m"

/* Offline from 1h to 1h30m, deployed at 1h10m: the skew window opens when
 * the device reconnects. */
#define OFFLINE_DEPLOY "at 1h device/disconnect for=30m; at 1h10m deploy/code"

TestSuite(protocol_skew, .timeout = 120);

Test(protocol_skew, naive_v2_agent_rejects_the_offline_device_v1_readings)
{
	struct run_outcome out;
	const char *msg;

	cr_assert_eq(scenario_run("protocol_skew/naive", 1, "6h", OFFLINE_DEPLOY, NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, "no-target-error"), 0, "see %s", out.dir);
	msg = json_string_value(json_object_get(scenario_verdict(&out, "no-target-error"),
						"message"));
	cr_expect(msg && strstr(msg, "temp_c"), "not the format rejection: %s", msg ? msg : "?");
	cr_expect_eq(scenario_held(&out, LIVENESS), 1, "see %s", out.dir);
	cr_expect_eq(scenario_held(&out, "no-missing-handler"), 1, "see %s", out.dir);
	cr_expect_eq(out.res.failed, 1, "see %s", out.dir);
	run_outcome_release(&out);
}

Test(protocol_skew, naive_holds_without_faults)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run("protocol_skew/naive", 1, "1d", NULL, NULL, &out), 0);
	cr_expect_eq(out.res.failed, 0, "see %s", out.dir);
	run_outcome_release(&out);
}

Test(protocol_skew, robust_v2_agent_accepts_both_formats_over_20_seeds)
{
	static const char *const schedules[] = {
		NULL,
		OFFLINE_DEPLOY,
		/* A connected device keeps version 1 while it downloads (30 s
		 * here), then a second offline deploy, then reboots. */
		"at 30m deploy/code outage=1s download=30s; " OFFLINE_DEPLOY "; at 3h deploy/code;"
		"at 3h30m device/power-cycle; at 4h agent/restart; at 5h device/slow-boot",
	};
	uint64_t seed;
	size_t i;

	for (i = 0; i < sizeof(schedules) / sizeof(schedules[0]); i++)
		for (seed = 1; seed <= 20; seed++) {
			struct run_outcome out;

			cr_assert_eq(scenario_run("protocol_skew/robust", seed, "6h", schedules[i],
						  NULL, &out), 0);
			cr_expect_eq(out.res.failed, 0, "seed %llu, faults '%s', see %s",
				     (unsigned long long)seed, schedules[i] ? schedules[i] : "",
				     out.dir);
			run_outcome_release(&out);
		}
}

/* The time (us) of the first reading the device sends at or after from_us
 * in a fault-free run of target at seed, or -1. */
static long long first_reading_after(const char *target, uint64_t seed, long long from_us)
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
		const char *name = json_string_value(json_object_get(ev, "name"));
		long long t = json_integer_value(json_object_get(ev, "t"));

		if (kind && name && !strcmp(kind, "msg.send") && !strcmp(name, "reading") &&
		    t >= from_us)
			at = t;
		json_decref(ev);
	}
	free(trace);
	run_outcome_release(&out);
	return at;
}

/* Found by reading the agents, not by chaos: a reading on its way when the
 * agent migrates is held and delivered once the new instance is up
 * (inflight=late); the device reboots slowly meanwhile, so an ack would
 * reach a process without handlers. The agent keeps the reading but does
 * not acknowledge it (its log says so), and every invariant holds. The
 * faults strike 1 ms and 2 ms after a reading leaves; runs are
 * deterministic, so the fault-free run gives its time. */
Test(protocol_skew, robust_does_not_ack_a_reading_held_across_a_migration_into_a_rebooted_device)
{
	static const char *const outages[] = { "3s", "5s", "8s" };
	long long t = first_reading_after("protocol_skew/robust", 1, 30LL * 60 * 1000000);
	size_t i;

	cr_assert_geq(t, 0, "no reading after 30m in a fault-free run");
	for (i = 0; i < sizeof(outages) / sizeof(outages[0]); i++) {
		struct run_outcome out;
		char faults[256], *trace;

		snprintf(faults, sizeof(faults), "at %lldms agent/migrate outage=%s inflight=late; "
			 "at %lldms device/slow-boot", t / 1000 + 1, outages[i], t / 1000 + 2);
		cr_assert_eq(scenario_run("protocol_skew/robust", 1, "2h", faults, NULL, &out), 0);
		cr_expect_eq(out.res.failed, 0, "'%s', see %s", faults, out.dir);
		trace = scenario_trace(out.dir);
		cr_assert_not_null(trace, "no trace in %s", out.dir);
		cr_expect(strstr(trace, "not acknowledging a reading sent at"), "under '%s' no held "
			  "reading went unacknowledged, so the race was not exercised (%s)", faults,
			  out.dir);
		free(trace);
		run_outcome_release(&out);
	}
}

/* The window, event by event: the deploy finds the device offline; it
 * reconnects running version 1 (version.skew device 1, agent 2); the
 * version 1 readings ({"temp"}) it held or takes before restarting reach
 * the version 2 agent, which accepts them (its observations of temp_c);
 * then the device starts version 2 and reports {"temp_c", "unit"}. */
Test(protocol_skew, trace_shows_v1_readings_in_the_skew_window_then_the_v2_device)
{
	struct run_outcome out;
	char *trace, *line, *save = NULL;
	int deployed_offline = 0, reconnected = 0, skew = 0, v2_started = 0, v2_readings = 0;
	int v1_sent_in_window = 0, accepted_in_window = 0;

	cr_assert_eq(scenario_run("protocol_skew/robust", 1, "3h", OFFLINE_DEPLOY, NULL, &out), 0);
	cr_expect_eq(out.res.failed, 0, "see %s", out.dir);
	trace = scenario_trace(out.dir);
	cr_assert_not_null(trace, "no trace in %s", out.dir);
	for (line = strtok_r(trace, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_t *ev = json_loads(line, 0, NULL);
		const char *kind = json_string_value(json_object_get(ev, "ev"));
		const char *proc = json_string_value(json_object_get(ev, "proc"));
		const char *from = json_string_value(json_object_get(ev, "from"));
		const char *name = json_string_value(json_object_get(ev, "name"));
		json_t *data = json_object_get(ev, "data");
		/* The window opens as the device reconnects (version.skew comes
		 * right before the link.up): the reading it held goes out in the
		 * same instant. */
		int in_window = reconnected && !v2_started;

		cr_assert_not_null(kind, "unreadable trace line in %s: %s", out.dir, line);
		if (!strcmp(kind, "deploy") && json_integer_value(json_object_get(ev, "version")) == 2 &&
		    json_is_false(json_object_get(ev, "device_online")))
			deployed_offline = 1;
		else if (!strcmp(kind, "link.up") && deployed_offline)
			reconnected = 1;
		else if (!strcmp(kind, "version.skew") && deployed_offline &&
			 json_integer_value(json_object_get(ev, "device")) == 1 &&
			 json_integer_value(json_object_get(ev, "agent")) == 2)
			skew = 1;
		else if (!strcmp(kind, "proc.start") && proc && !strcmp(proc, "device") && skew &&
			 json_integer_value(json_object_get(ev, "version")) == 2)
			v2_started = 1;
		else if (!strcmp(kind, "msg.send") && from && name && !strcmp(from, "device") &&
			 !strcmp(name, "reading")) {
			if (in_window && json_object_get(data, "temp"))
				v1_sent_in_window++;
			if (v2_started && json_object_get(data, "temp_c") &&
			    json_object_get(data, "unit"))
				v2_readings++;
		} else if (!strcmp(kind, "observe") && proc && !strcmp(proc, "agent") && name &&
			   !strcmp(name, "temp_c") && in_window) {
			accepted_in_window++;
		}
		json_decref(ev);
	}
	free(trace);
	cr_expect(deployed_offline, "the deploy did not find the device offline (%s)", out.dir);
	cr_expect(skew, "no version.skew {device 1, agent 2} after the deploy in %s", out.dir);
	cr_expect_gt(v1_sent_in_window, 0, "the version 1 device sent nothing in the skew window "
		     "(%s)", out.dir);
	cr_expect_geq(accepted_in_window, v1_sent_in_window, "the version 2 agent accepted %d of "
		      "%d version 1 readings (%s)", accepted_in_window, v1_sent_in_window, out.dir);
	cr_expect(v2_started, "the device never started version 2 after the skew (%s)", out.dir);
	cr_expect_gt(v2_readings, 0, "no version 2 reading after the restart (%s)", out.dir);
	run_outcome_release(&out);
}
