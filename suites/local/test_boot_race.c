/*
 * test_boot_race.c - scenario suite for the boot_race target: settings
 * pushed to a device whose code has not registered its handler yet.
 *
 * The naive agent pushes settings at once when it starts next to a
 * connected device and whenever a device it configured before reconnects;
 * after a code deploy, a power cycle or a slow boot the device reconnects
 * before its code runs, and only no-missing-handler fails (the settings
 * keep coming in answer to "ready", so liveness holds). The robust agent
 * answers only a current "ready" and holds everything over 20 seeds, and
 * through a "ready" held across a migration while the device reboots.
 * The last test reads the trace of a deploy made while the device was
 * offline: the version skew, then the device's restart into version 2.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

#define LIVENESS "liveness:settings,11m"

TestSuite(boot_race, .timeout = 120);

/* Runs target with faults for 6h at seed and expects no-missing-handler to
 * be the one invariant that failed. */
static void expect_only_missing_handler(const char *target, uint64_t seed, const char *faults)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run(target, seed, "6h", faults, NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, "no-missing-handler"), 0, "%s under '%s', see %s", target,
		     faults, out.dir);
	cr_expect_eq(scenario_held(&out, LIVENESS), 1, "see %s", out.dir);
	cr_expect_eq(out.res.failed, 1, "see %s", out.dir);
	run_outcome_release(&out);
}

static void expect_all_held(const char *target, uint64_t seed, const char *duration,
			    const char *faults)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run(target, seed, duration, faults, NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, "no-missing-handler"), 1, "seed %llu, see %s",
		     (unsigned long long)seed, out.dir);
	cr_expect_eq(scenario_held(&out, LIVENESS), 1, "seed %llu, see %s",
		     (unsigned long long)seed, out.dir);
	cr_expect_eq(out.res.failed, 0, "seed %llu, see %s", (unsigned long long)seed, out.dir);
	run_outcome_release(&out);
}

Test(boot_race, naive_pushes_into_a_booting_device_after_a_deploy)
{
	/* The new agent starts (1 s) before the device has its new code (5 s):
	 * it configures the old device, then pushes into the rebooted one. */
	expect_only_missing_handler("boot_race/naive", 1, "at 2h deploy/code outage=1s download=5s");
}

Test(boot_race, naive_pushes_into_a_booting_device_after_a_power_cycle)
{
	expect_only_missing_handler("boot_race/naive", 1, "at 2h device/power-cycle");
}

Test(boot_race, naive_pushes_into_a_slowly_booting_device)
{
	expect_only_missing_handler("boot_race/naive", 1, "at 2h device/slow-boot");
}

Test(boot_race, naive_holds_without_faults)
{
	expect_all_held("boot_race/naive", 1, "1d", NULL);
}

/* Its shortcuts work where its author tested them: the device's code kept
 * running through an agent-only restart and a Wi-Fi drop. */
Test(boot_race, naive_holds_through_agent_restarts_and_wifi_drops)
{
	expect_all_held("boot_race/naive", 1, "6h",
			"at 1h agent/restart; at 2h device/disconnect for=5m; at 3h agent/migrate");
}

Test(boot_race, robust_answers_only_ready_over_20_seeds)
{
	static const char *const schedules[] = {
		NULL,
		"at 2h deploy/code outage=1s download=5s",
		"at 2h device/power-cycle",
		"at 2h device/slow-boot",
		"at 30m deploy/code; at 1h device/power-cycle; at 1h30m agent/restart;"
		"at 2h device/disconnect for=20m; at 2h10m deploy/code; at 3h device/slow-boot;"
		"at 4h agent/migrate; at 5h device/handler/crash",
	};
	uint64_t seed;
	size_t i;

	for (i = 0; i < sizeof(schedules) / sizeof(schedules[0]); i++)
		for (seed = 1; seed <= 20; seed++)
			expect_all_held("boot_race/robust", seed, "6h", schedules[i]);
}

/* The time (us) of the first "ready" the device sends at or after from_us
 * in a fault-free run of target at seed, or -1. */
static long long first_ready_after(const char *target, uint64_t seed, long long from_us)
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

		if (kind && name && !strcmp(kind, "msg.send") && !strcmp(name, "ready") &&
		    t >= from_us)
			at = t;
		json_decref(ev);
	}
	free(trace);
	run_outcome_release(&out);
	return at;
}

/* Found by reading the robust agent, not by chaos: a "ready" on its way
 * when the agent migrates is held and delivered once the new instance is
 * up (inflight=late); the device reboots slowly meanwhile, so by then it
 * is connected without handlers. The robust agent must refuse that stale
 * "ready" (its log says so) and hold every invariant. The faults strike
 * 1 ms and 2 ms after a "ready" leaves; runs are deterministic, so the
 * fault-free run gives its time. */
Test(boot_race, robust_refuses_a_ready_held_across_a_migration_while_the_device_reboots)
{
	static const char *const outages[] = { "3s", "5s", "8s" };
	long long t = first_ready_after("boot_race/robust", 1, 30LL * 60 * 1000000);
	size_t i;

	cr_assert_geq(t, 0, "no 'ready' after 30m in a fault-free run");
	for (i = 0; i < sizeof(outages) / sizeof(outages[0]); i++) {
		struct run_outcome out;
		char faults[256], *trace;

		snprintf(faults, sizeof(faults), "at %lldms agent/migrate outage=%s inflight=late; "
			 "at %lldms device/slow-boot", t / 1000 + 1, outages[i], t / 1000 + 2);
		cr_assert_eq(scenario_run("boot_race/robust", 1, "2h", faults, NULL, &out), 0);
		cr_expect_eq(out.res.failed, 0, "'%s', see %s", faults, out.dir);
		trace = scenario_trace(out.dir);
		cr_assert_not_null(trace, "no trace in %s", out.dir);
		cr_expect(strstr(trace, "ignoring a 'ready' sent at"), "under '%s' no stale 'ready' "
			  "was refused, so the race was not exercised (%s)", faults, out.dir);
		free(trace);
		run_outcome_release(&out);
	}
}

/* Deployed while the device is offline: the version 1 device reconnects to
 * the version 2 agent (version.skew), is asked to restart, and the new
 * process runs version 2 and is configured with version 2's settings; no
 * settings of version 1 are applied after the deploy. */
Test(boot_race, trace_shows_the_skew_then_the_restart_into_version_2)
{
	struct run_outcome out;
	char *trace, *line, *save = NULL;
	int deployed = 0, skew = 0, v2_started = 0, v2_got_v2 = 0, v1_after_deploy = 0;
	json_int_t v2_inc = -1;

	cr_assert_eq(scenario_run("boot_race/robust", 1, "3h",
				  "at 1h device/disconnect for=30m; at 1h10m deploy/code", NULL, &out), 0);
	cr_expect_eq(out.res.failed, 0, "see %s", out.dir);
	trace = scenario_trace(out.dir);
	cr_assert_not_null(trace, "no trace in %s", out.dir);
	for (line = strtok_r(trace, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_t *ev = json_loads(line, 0, NULL);
		const char *kind = json_string_value(json_object_get(ev, "ev"));
		const char *proc = json_string_value(json_object_get(ev, "proc"));
		const char *name = json_string_value(json_object_get(ev, "name"));
		json_int_t inc = json_integer_value(json_object_get(ev, "inc"));

		cr_assert_not_null(kind, "unreadable trace line in %s: %s", out.dir, line);
		if (!strcmp(kind, "deploy") && json_is_false(json_object_get(ev, "device_online")))
			deployed = 1;
		else if (!strcmp(kind, "version.skew") && deployed &&
			 json_integer_value(json_object_get(ev, "device")) == 1 &&
			 json_integer_value(json_object_get(ev, "agent")) == 2)
			skew = 1;
		else if (!strcmp(kind, "proc.start") && proc && !strcmp(proc, "device") && skew &&
			 json_integer_value(json_object_get(ev, "version")) == 2) {
			v2_started = 1;
			v2_inc = inc;
		} else if (!strcmp(kind, "observe") && proc && !strcmp(proc, "device") && name &&
			   !strcmp(name, "settings_version") && deployed) {
			double v = json_number_value(json_object_get(ev, "value"));

			v1_after_deploy += v == 1.0;
			v2_got_v2 |= v2_started && inc == v2_inc && v == 2.0;
		}
		json_decref(ev);
	}
	free(trace);
	cr_expect(deployed, "the deploy did not find the device offline (%s)", out.dir);
	cr_expect(skew, "no version.skew {device 1, agent 2} after the deploy in %s", out.dir);
	cr_expect(v2_started, "the device never started version 2 after the skew (%s)", out.dir);
	cr_expect(v2_got_v2, "the version 2 device applied no version 2 settings (%s)", out.dir);
	cr_expect_eq(v1_after_deploy, 0, "version 1 settings applied after the deploy (%s)",
		     out.dir);
	run_outcome_release(&out);
}
